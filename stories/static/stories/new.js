// The new-storybook form: hero, theme (typed or spoken), age band, pages, style.
(function () {
  "use strict";

  const form = document.getElementById("story-form");
  if (!form) return;
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const ownBox = form.querySelector(".own-hero");
  const ownInput = document.getElementById("own-protagonist");
  const theme = document.getElementById("theme");
  const errorBox = document.getElementById("form-error");
  const submit = document.getElementById("create");

  function chosenHero() {
    const preset = form.querySelector("input[name=preset]:checked").value;
    return preset === "own" ? ownInput.value.trim() : preset;
  }

  form.querySelectorAll("input[name=preset]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      ownBox.hidden = form.querySelector("input[name=preset]:checked").value !== "own";
      if (!ownBox.hidden) ownInput.focus();
    });
  });

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  function busy(on) {
    submit.disabled = on;
    submit.textContent = on ? gettext("Starting…") : gettext("Write my book");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    showError("");
    const body = {
      protagonist: chosenHero(),
      theme: theme.value.trim(),
      age_band: document.getElementById("age-band").value,
      pages: Number(document.getElementById("pages").value),
      style: document.getElementById("style").value,
      language: document.getElementById("language").value,
    };
    const seed = document.getElementById("seed").value.trim();
    if (seed) body.seed = Number(seed);
    if (!body.protagonist) { showError(gettext("Describe your hero, or pick one of ours.")); ownInput.focus(); return; }
    if (!body.theme) { showError(gettext("Say what the story is about, for example “a lost balloon at the beach”.")); theme.focus(); return; }
    busy(true);
    fetch("/api/stories/", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) { window.location.href = "/stories/" + result.data.id + "/"; return; }
      const error = result.data.error || {};
      showError(window.ReverieErrors.sentence(result.data.error, form, gettext("That did not work. Please try again.")));
      busy(false);
      // A refused idea names its field: put the cursor where the new idea goes.
      const fields = error.fields || {};
      if (fields.protagonist && !ownBox.hidden) ownInput.focus();
      else if (fields.theme) theme.focus();
    }).catch(function () {
      showError(gettext("We could not reach Reverie. Check your connection and try again."));
      busy(false);
    });
  });

  // Spoken theme: PCM from the Web Audio API, sent as a 16-bit mono WAV (every server can
  // read it, unlike the browser's compressed recordings).
  const recordButton = document.getElementById("record");
  const recordStatus = document.getElementById("record-status");
  let recording = null;

  function wavOf(chunks, rate) {
    const length = chunks.reduce(function (n, c) { return n + c.length; }, 0);
    const view = new DataView(new ArrayBuffer(44 + length * 2));
    function text(offset, s) { for (let i = 0; i < s.length; i++) view.setUint8(offset + i, s.charCodeAt(i)); }
    text(0, "RIFF"); view.setUint32(4, 36 + length * 2, true); text(8, "WAVE"); text(12, "fmt ");
    view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
    view.setUint32(24, rate, true); view.setUint32(28, rate * 2, true); view.setUint16(32, 2, true);
    view.setUint16(34, 16, true); text(36, "data"); view.setUint32(40, length * 2, true);
    let offset = 44;
    chunks.forEach(function (chunk) {
      for (let i = 0; i < chunk.length; i++, offset += 2) {
        const s = Math.max(-1, Math.min(1, chunk[i]));
        view.setInt16(offset, s < 0 ? s * 0x8000 : s * 0x7fff, true);
      }
    });
    return new Blob([view], { type: "audio/wav" });
  }

  function start() {
    if (!navigator.mediaDevices || !window.AudioContext) {
      recordStatus.textContent = gettext("This browser cannot record; please type the theme.");
      return;
    }
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      const context = new AudioContext();
      const source = context.createMediaStreamSource(stream);
      const processor = context.createScriptProcessor(4096, 1, 1);
      const chunks = [];
      processor.onaudioprocess = function (event) { chunks.push(new Float32Array(event.inputBuffer.getChannelData(0))); };
      source.connect(processor);
      processor.connect(context.destination);
      recording = { stream: stream, context: context, processor: processor, chunks: chunks,
                    timer: window.setTimeout(stop, 20000) };
      recordButton.setAttribute("aria-pressed", "true");
      recordButton.textContent = "■ Stop";
      recordStatus.textContent = gettext("Listening… say what the story is about, then press Stop.");
    }).catch(function () {
      recordStatus.textContent = gettext("The microphone is not available; please type the theme.");
    });
  }

  function stop() {
    if (!recording) return;
    const r = recording;
    recording = null;
    window.clearTimeout(r.timer);
    r.processor.disconnect();
    r.stream.getTracks().forEach(function (track) { track.stop(); });
    const wav = wavOf(r.chunks, r.context.sampleRate);
    r.context.close();
    recordButton.setAttribute("aria-pressed", "false");
    recordButton.textContent = gettext("Say it");
    recordButton.disabled = true;
    recordStatus.textContent = gettext("Listening to what you said…");
    const data = new FormData();
    data.append("audio", wav, "theme.wav");
    fetch("/api/stories/transcribe/", {
      method: "POST", credentials: "same-origin", body: data,
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
    }).then(function (response) { return response.json().then(function (d) { return { ok: response.ok, data: d }; }); })
      .then(function (result) {
        if (result.ok) {
          theme.value = result.data.text;
          recordStatus.textContent = interpolate(gettext("We heard “%(text)s” (change it if it is not right)."), { text: result.data.text }, true);
          theme.focus();
        } else {
          recordStatus.textContent = (result.data.error && result.data.error.message) || gettext("That recording did not work.");
        }
      })
      .catch(function () { recordStatus.textContent = gettext("We could not reach Reverie. Please type the theme."); })
      .finally(function () { recordButton.disabled = false; });
  }

  recordButton.addEventListener("click", function () { if (recording) stop(); else start(); });
})();
