// Record a dream with the microphone (or choose a recording), transcribe it, and put the words
// in the text box to be checked before saving. Records PCM with the Web Audio API and sends a
// 16 kHz 16-bit mono WAV: the server does not read the WebM that MediaRecorder makes.
(function () {
  "use strict";
  const RATE = 16000;
  const MAX_SECONDS = 600;
  const form = document.getElementById("dream-form");
  const start = document.getElementById("record-start");
  const stop = document.getElementById("record-stop");
  const file = document.getElementById("audio-file");
  const keep = document.getElementById("keep-audio");
  const time = document.getElementById("record-time");
  const level = document.getElementById("record-level");
  const error = document.getElementById("record-error");
  const box = document.getElementById("transcribe-progress");
  const text = document.getElementById("id_text");
  const hidden = document.getElementById("id_transcription");
  const counter = document.getElementById("text-count");
  let context = null, stream = null, source = null, processor = null;
  let chunks = [], inputRate = 48000, startedAt = 0, ticker = null;

  function csrf() { return form.querySelector("input[name=csrfmiddlewaretoken]").value; }

  function fail(message) { error.textContent = message; }

  function count() {
    const n = text.value.trim().length;
    counter.textContent = n ? interpolate(ngettext("%(count)s character", "%(count)s characters", n), { count: n.toLocaleString() }, true) : "";
  }
  text.addEventListener("input", count);
  count();
  if (!start) { return; }  // no recogniser for the visitor's language: the page says so

  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) || !(window.AudioContext || window.webkitAudioContext)) {
    start.disabled = true;
    start.title = gettext("This browser cannot record here; choose a recording or type instead.");
  }

  start.addEventListener("click", function () {
    fail("");
    navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } })
      .then(begin)
      .catch(function (problem) {
        fail(interpolate(gettext("We could not use your microphone (%(reason)s). Allow it in the browser, or type your dream or choose a recording instead."),
                         { reason: (problem && problem.name) || gettext("no access") }, true));
      });
  });
  stop.addEventListener("click", finish);

  function begin(media) {
    stream = media;
    const Context = window.AudioContext || window.webkitAudioContext;
    context = new Context();
    inputRate = context.sampleRate;
    source = context.createMediaStreamSource(stream);
    processor = context.createScriptProcessor(4096, 1, 1);
    chunks = [];
    processor.onaudioprocess = function (event) {
      const data = event.inputBuffer.getChannelData(0);
      chunks.push(new Float32Array(data));
      draw(data);
    };
    source.connect(processor);
    processor.connect(context.destination);
    startedAt = Date.now();
    start.setAttribute("aria-pressed", "true");
    start.disabled = true;
    stop.disabled = false;
    stop.focus();
    level.hidden = false;
    ticker = window.setInterval(tick, 250);
    tick();
  }

  function tick() {
    const seconds = Math.floor((Date.now() - startedAt) / 1000);
    time.textContent = interpolate(gettext("Recording %(time)s"), { time: Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0") }, true);
    if (seconds >= MAX_SECONDS) finish();
  }

  function draw(data) {
    let peak = 0;
    for (let i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i]));
    const g = level.getContext("2d");
    g.clearRect(0, 0, level.width, level.height);
    g.fillStyle = "#4b3fb5";
    g.fillRect(0, 8, Math.min(1, peak * 1.6) * level.width, level.height - 16);
  }

  function finish() {
    if (!context) return;
    window.clearInterval(ticker);
    processor.disconnect();
    source.disconnect();
    stream.getTracks().forEach(function (track) { track.stop(); });
    context.close();
    context = null;
    start.removeAttribute("aria-pressed");
    start.disabled = false;
    stop.disabled = true;
    level.hidden = true;
    time.textContent = "";
    const wav = encodeWav(downsample(merge(chunks), inputRate, RATE), RATE);
    chunks = [];
    upload(wav, "dream.wav");
  }

  file.addEventListener("change", function () {
    fail("");
    if (file.files.length) upload(file.files[0], file.files[0].name);
    file.value = "";
  });

  function merge(parts) {
    let length = 0;
    parts.forEach(function (part) { length += part.length; });
    const out = new Float32Array(length);
    let offset = 0;
    parts.forEach(function (part) { out.set(part, offset); offset += part.length; });
    return out;
  }

  function downsample(samples, from, to) {
    if (from === to) return samples;
    const ratio = from / to;
    const out = new Float32Array(Math.floor(samples.length / ratio));
    for (let i = 0; i < out.length; i++) {
      // Average the input samples this output sample spans: a cheap low-pass against aliasing.
      const begin = Math.floor(i * ratio), end = Math.min(samples.length, Math.floor((i + 1) * ratio));
      let sum = 0;
      for (let j = begin; j < end; j++) sum += samples[j];
      out[i] = sum / Math.max(1, end - begin);
    }
    return out;
  }

  function encodeWav(samples, rate) {
    const buffer = new ArrayBuffer(44 + samples.length * 2);
    const view = new DataView(buffer);
    function text4(offset, value) { for (let i = 0; i < 4; i++) view.setUint8(offset + i, value.charCodeAt(i)); }
    text4(0, "RIFF"); view.setUint32(4, 36 + samples.length * 2, true); text4(8, "WAVE");
    text4(12, "fmt "); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
    view.setUint32(24, rate, true); view.setUint32(28, rate * 2, true); view.setUint16(32, 2, true);
    view.setUint16(34, 16, true); text4(36, "data"); view.setUint32(40, samples.length * 2, true);
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]));
      view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
    return new Blob([view], { type: "audio/wav" });
  }

  function upload(blob, name) {
    const body = new FormData();
    body.append("audio", blob, name);
    body.append("keep_audio", keep.checked ? "true" : "false");
    box.hidden = false;
    const bar = box.querySelector("progress");
    const status = box.querySelector(".job-status");
    bar.value = 0;
    status.textContent = gettext("Sending your recording…");
    status.classList.remove("error");
    start.disabled = true;
    fetch("/api/dreams/transcriptions/", {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) throw new Error((data.error && data.error.message) || gettext("The recording could not be sent. Please try again."));
          return data;
        });
      })
      .then(function (transcription) { follow(transcription, bar, status); })
      .catch(function (problem) {
        box.hidden = true;
        start.disabled = false;
        fail(problem.message);
      });
  }

  function follow(transcription, bar, status) {
    window.ReverieJobs.watch(transcription.job.id, function (job) {
      window.ReverieJobs.show(job, bar, status);
      if (job.status === "failed") {
        start.disabled = false;
        fail(job.error);
        box.hidden = true;
      } else if (job.status === "succeeded") {
        fetch("/api/dreams/transcriptions/" + transcription.id + "/", { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (done) {
            text.value = text.value.trim() ? text.value.trim() + "\n\n" + done.text : done.text;
            count();
            if (done.keep_audio) hidden.value = done.id;
            status.textContent = gettext("Done. Check the words below and correct anything we misheard, then save.");
            start.disabled = false;
            text.focus();
          });
      }
    });
  }
})();
