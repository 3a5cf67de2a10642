// The upload page: drop or pick a picture, upload it with a progress bar, follow the two jobs
// (caption, then music) live, then show the result in place. Without this script the form
// posts normally and the results page takes over.
(function () {
  "use strict";

  const ACCEPTED = ["image/jpeg", "image/png", "image/webp", "image/gif"];
  const MAX_BYTES = 10 * 1024 * 1024;
  const form = document.getElementById("upload-form");
  const input = document.getElementById("id_image");
  const dropzone = document.getElementById("dropzone");
  const chosen = document.getElementById("chosen");
  const errorBox = document.getElementById("image-error");
  const styleError = document.getElementById("style-error");
  const button = document.getElementById("upload-button");
  const progress = document.getElementById("progress");
  const result = document.getElementById("result");
  const bars = {
    upload: [document.getElementById("upload-progress"), document.getElementById("upload-status")],
    caption: [document.getElementById("caption-progress"), document.getElementById("caption-status")],
    track: [document.getElementById("track-progress"), document.getElementById("track-status")],
  };

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function showError(message) {
    errorBox.textContent = message;
    button.disabled = false;
    input.disabled = false;
  }

  function setBar(name, value, text, failed) {
    const [bar, label] = bars[name];
    bar.value = value;
    label.textContent = text;
    label.classList.toggle("error", Boolean(failed));
  }

  function check(file) {
    if (!file) return gettext("Choose a picture to upload.");
    if (file.type && ACCEPTED.indexOf(file.type) === -1) return gettext("That file is not a JPEG, PNG, WebP or GIF picture.");
    if (file.size > MAX_BYTES) return gettext("The picture is larger than 10 MB. Please choose a smaller one.");
    return "";
  }

  input.addEventListener("change", function () {
    errorBox.textContent = "";
    chosen.textContent = input.files[0] ? interpolate(gettext("Chosen: %(name)s"), { name: input.files[0].name }, true) : "";
  });
  ["dragenter", "dragover"].forEach(function (name) {
    dropzone.addEventListener(name, function (event) { event.preventDefault(); dropzone.classList.add("dragging"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    dropzone.addEventListener(name, function () { dropzone.classList.remove("dragging"); });
  });
  dropzone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (!event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    input.dispatchEvent(new Event("change"));
    form.requestSubmit();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const file = input.files[0];
    const problem = check(file);
    if (problem) { showError(problem); input.focus(); return; }
    errorBox.textContent = "";
    button.disabled = true;
    result.hidden = true;
    progress.hidden = false;
    setBar("upload", 0, interpolate(gettext("Sending %(name)s…"), { name: file.name }, true));
    setBar("caption", 0, gettext("Waiting…"));
    setBar("track", 0, gettext("Waiting…"));

    const body = new FormData();
    body.append("image", file);
    body.append("duration", document.getElementById("id_duration").value);
    const style = document.getElementById("id_style").value.trim();
    if (style) body.append("style", style);
    styleError.textContent = "";
    const request = new XMLHttpRequest();
    request.open("POST", "/api/uploads/");
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) setBar("upload", Math.round((e.loaded / e.total) * 100), interpolate(gettext("Sending… %(percent)s%"), { percent: Math.round((e.loaded / e.total) * 100) }, true));
    });
    request.addEventListener("load", function () {
      let data = null;
      try { data = JSON.parse(request.responseText); } catch (error) { data = null; }
      if (request.status !== 201 || !data) {
        progress.hidden = true;
        const fields = data && data.error && data.error.fields;
        if (fields && fields.style && !fields.image) {
          styleError.textContent = fields.style[0];
          button.disabled = false;
          input.disabled = false;
          document.getElementById("id_style").focus();
          return;
        }
        showError(data && data.error ? data.error.message : interpolate(gettext("The upload did not work (HTTP %(status)s). Please try again."), { status: request.status }, true));
        return;
      }
      setBar("upload", 100, gettext("Uploaded"));
      follow(data);
    });
    request.addEventListener("error", function () {
      progress.hidden = true;
      showError(gettext("The upload was interrupted. Check your connection and try again."));
    });
    request.send(body);
  });

  function follow(created) {
    if (created.caption_job) {
      window.ReverieJobs.watch(created.caption_job.id, function (job) {
        setBar("caption", job.status === "succeeded" ? 100 : job.progress, window.ReverieJobs.describe(job), job.status === "failed");
      });
    } else {
      setBar("caption", 100, gettext("Done (we had seen this picture before)"));
    }
    window.ReverieJobs.watch(created.track_job.id, function (job) {
      setBar("track", job.status === "succeeded" ? 100 : job.progress, window.ReverieJobs.describe(job), job.status === "failed");
      if (job.status === "succeeded") show(created);
      if (job.status === "failed") { button.disabled = false; }
    });
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function show(created) {
    fetch("/api/uploads/" + created.id + "/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (upload) {
        const track = upload.tracks[0];
        result.textContent = "";
        result.append(element("h2", { class: "flush" }, gettext("Your music")));
        const layout = element("div", { class: "two-col" });
        const left = element("div");
        left.append(element("img", { src: upload.image_url, alt: upload.caption ? upload.caption.text : gettext("Your picture"), class: "result-image" }));
        if (upload.caption) left.append(element("p", { class: "caption-text" }, upload.caption.text));
        const right = element("div");
        window.ReveriePlayer.create(right, track);
        right.append(element("p", { class: "muted", id: "result-facts" }, track.key + " " + track.mode + " · " + Math.round(track.tempo_bpm) + " BPM · " + Math.round(track.duration) + " s"));
        if (track.style) right.append(element("p", { id: "result-style" }, interpolate(gettext("Style: “%(style)s”"), { style: track.style }, true)));
        const downloads = element("p", { class: "row downloads" });
        [["WAV", track.audio.wav], ["MP3", track.audio.mp3], ["OGG", track.audio.ogg], ["MIDI", track.audio.midi]].forEach(function (pair) {
          if (pair[1]) downloads.append(element("a", { class: "button", href: pair[1] + (pair[1].indexOf("?") < 0 ? "?" : "&") + "download=1", download: "" }, pair[0]));
        });
        right.append(downloads);
        right.append(element("a", { class: "button primary", href: created.results_url }, gettext("Open the results page")));
        layout.append(left, right);
        result.append(layout);
        result.hidden = false;
        button.disabled = false;
        result.scrollIntoView({ behavior: "smooth", block: "start" });
      });
  }
})();
