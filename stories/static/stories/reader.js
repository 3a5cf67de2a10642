// The page-turning reader: pages arrive while the book is painted, turn with the buttons or the
// arrow keys, and can be read aloud with the browser's speech synthesis.
(function () {
  "use strict";

  const root = document.getElementById("reader");
  if (!root) return;
  const shared = root.dataset.shared === "true";
  const csrfInput = document.querySelector("[name=csrfmiddlewaretoken]");
  const csrf = csrfInput ? csrfInput.value : "";
  let story = JSON.parse(document.getElementById("story-data").textContent);
  let current = 0;
  let speaking = false;

  const el = function (id) { return document.getElementById(id); };
  const picture = el("picture"), text = el("page-text"), number = el("page-number");
  const prev = el("prev"), next = el("next"), pdf = el("pdf"), readAloud = el("read-aloud");

  function total() { return story.pages.length || Number(root.dataset.total); }
  function ready() { return story.pages.filter(function (p) { return p.image_url; }).length; }

  function render() {
    const page = story.pages[current];
    el("book-title").textContent = story.title || el("book-title").textContent;
    if (!page) {
      picture.innerHTML = '<span class="painting">Writing the story…</span>';
      text.textContent = "";
      number.textContent = "";
    } else {
      if (page.image_url) {
        if (picture.dataset.src !== page.image_url) {
          picture.innerHTML = "";
          const img = document.createElement("img");
          img.src = page.image_url;
          img.alt = interpolate(gettext("Picture for page %(number)s"), { number: page.number }, true);
          picture.appendChild(img);
          picture.dataset.src = page.image_url;
        }
      } else {
        picture.innerHTML = '<span class="painting">' + interpolate(gettext("Painting page %(number)s…"), { number: page.number }, true) + "</span>";
        picture.dataset.src = "";
      }
      text.textContent = page.text;
      number.textContent = interpolate(gettext("Page %(number)s of %(total)s"), { number: page.number, total: total() }, true);
    }
    prev.disabled = current <= 0;
    next.disabled = current >= story.pages.length - 1;
    if (story.pdf_url) { pdf.href = story.pdf_url; pdf.hidden = false; }
  }

  function turn(step) {
    const target = current + step;
    if (target < 0 || target >= story.pages.length) return;
    current = target;
    if (speaking) speak(); else window.speechSynthesis && window.speechSynthesis.cancel();
    render();
  }

  prev.addEventListener("click", function () { turn(-1); });
  next.addEventListener("click", function () { turn(1); });
  document.addEventListener("keydown", function (event) {
    const tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (event.key === "ArrowRight") { turn(1); event.preventDefault(); }
    if (event.key === "ArrowLeft") { turn(-1); event.preventDefault(); }
  });

  // Read-aloud --------------------------------------------------------------------------------
  function speak() {
    if (!("speechSynthesis" in window)) return;
    window.speechSynthesis.cancel();
    const page = story.pages[current];
    if (!page) return;
    const utterance = new SpeechSynthesisUtterance(page.text);
    utterance.rate = 0.9;
    utterance.lang = bookLang();
    const voice = voiceFor(utterance.lang);
    if (!voice && utterance.lang === "ko-KR") { noKoreanVoice(); setSpeaking(false); return; }
    if (voice) utterance.voice = voice;
    utterance.onend = function () {
      if (speaking && current < story.pages.length - 1 && story.pages[current + 1].text) turn(1);
      else if (speaking && current >= story.pages.length - 1) setSpeaking(false);
    };
    window.speechSynthesis.speak(utterance);
  }

  function setSpeaking(on) {
    speaking = on;
    readAloud.setAttribute("aria-pressed", on ? "true" : "false");
    readAloud.textContent = on ? gettext("■ Stop reading") : gettext("Read aloud");
    if (on) speak(); else if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  }

  // A Korean book is read by a Korean voice; a browser without one says so rather than
  // reading Hangul with an English voice.
  function bookLang() {
    const language = story.language || root.dataset.language || "en";
    return language === "ko" ? "ko-KR" : "en-US";
  }
  function voiceFor(lang) {
    const prefix = lang.slice(0, 2).toLowerCase();
    const voices = window.speechSynthesis.getVoices();
    return voices.find(function (v) { return v.lang.replace("_", "-") === lang; }) ||
      voices.find(function (v) { return v.lang.toLowerCase().slice(0, 2) === prefix; }) || null;
  }
  const voiceStatus = el("voice-status");
  function noKoreanVoice() {
    readAloud.disabled = true;
    voiceStatus.textContent = gettext("This browser has no Korean voice, so it cannot read this book aloud.");
  }
  function checkVoice() {
    if (!("speechSynthesis" in window) || bookLang() !== "ko-KR") return;
    // An empty list may only mean the voices have not loaded yet; a click decides then.
    if (window.speechSynthesis.getVoices().length && !voiceFor("ko-KR")) noKoreanVoice();
  }

  if (!("speechSynthesis" in window)) { readAloud.disabled = true; readAloud.title = gettext("This browser cannot read aloud."); }
  else {
    checkVoice();
    // Voices load after the page in most browsers.
    window.speechSynthesis.addEventListener("voiceschanged", checkVoice);
  }
  readAloud.addEventListener("click", function () { setSpeaking(!speaking); });

  // Live pages: refetch the book whenever its job moves -------------------------------------------
  function refresh() {
    return fetch("/api/stories/" + story.id + "/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { story = data; render(); } });
  }

  const jobId = root.dataset.jobIdWatch;
  if (!shared && jobId && root.dataset.jobStatus !== "succeeded") {
    const box = el("progress-box"), bar = el("progress"), status = el("progress-status");
    const title = el("progress-title");
    window.ReverieJobs.watch(jobId, function (job) {
      refresh().then(function () {
        bar.value = job.status === "succeeded" ? 100 : job.progress;
        if (job.status === "failed") {
          title.textContent = gettext("The book could not be finished");
          status.textContent = job.error || gettext("Something went wrong. Please try again.");
          status.classList.add("error");
        } else if (job.status === "succeeded") {
          title.textContent = gettext("Your book is ready");
          status.textContent = interpolate(ngettext("The %(total)s page is painted.", "All %(total)s pages are painted.", total()), { total: total() }, true);
          window.setTimeout(function () { box.hidden = true; }, 1500);
        } else if (!story.pages.length) {
          title.textContent = gettext("Writing the story…");
          status.textContent = window.ReverieJobs.describe(job);
        } else {
          title.textContent = gettext("Painting the pictures…");
          status.textContent = interpolate(gettext("Page %(number)s of %(total)s"), { number: Math.min(ready() + 1, total()), total: total() }, true);
        }
      });
    });
  }

  // Owner controls: share, stop sharing, delete -----------------------------------------------------
  function api(method, url) {
    return fetch(url, { method: method, credentials: "same-origin",
                        headers: { "X-CSRFToken": csrf, Accept: "application/json" } });
  }
  const shareButton = el("share");
  if (shareButton) {
    const box = el("share-box"), input = el("share-url");
    const showShare = function (url) { input.value = url || ""; box.hidden = !url; };
    showShare(story.share_url);
    shareButton.addEventListener("click", function () {
      api("POST", "/api/stories/" + story.id + "/share/").then(function (r) { return r.json(); })
        .then(function (data) { showShare(data.share_url); input.select(); });
    });
    el("unshare").addEventListener("click", function () {
      api("DELETE", "/api/stories/" + story.id + "/share/").then(function () { showShare(null); shareButton.focus(); });
    });
    el("copy").addEventListener("click", function () {
      input.select();
      if (navigator.clipboard) navigator.clipboard.writeText(input.value);
    });
    const another = el("another");
    another.addEventListener("click", function () {
      // The same inputs with a new seed: another book about the same idea.
      const ask = JSON.parse(another.dataset.ask);
      ask.seed = Math.floor(Math.random() * 2147483647);
      another.disabled = true;
      fetch("/api/stories/", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
        body: JSON.stringify(ask),
      }).then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (result) {
          if (result.ok) { window.location.href = "/stories/" + result.data.id + "/"; return; }
          another.disabled = false;
          window.alert((result.data.error || {}).message || gettext("That did not work. Please try again."));
        });
    });
    el("delete").addEventListener("click", function () {
      if (!window.confirm(gettext("Delete this book and its pictures? This cannot be undone."))) return;
      api("DELETE", "/api/stories/" + story.id + "/").then(function (r) {
        if (r.status === 204) window.location.href = "/stories/";
      });
    });
  }

  render();
})();
