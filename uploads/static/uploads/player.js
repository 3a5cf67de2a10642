// A small audio player: the native <audio> controls (keyboard-accessible) above a waveform
// drawn from the track's 200-point envelope; clicking the waveform seeks.
(function () {
  "use strict";

  function draw(canvas, peaks, fraction) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth * ratio;
    const height = canvas.clientHeight * ratio;
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const context = canvas.getContext("2d");
    context.clearRect(0, 0, width, height);
    const styles = getComputedStyle(document.documentElement);
    const played = styles.getPropertyValue("--accent").trim() || "#4b3fb5";
    const rest = "#b9b3d6";
    const bar = width / peaks.length;
    peaks.forEach(function (peak, index) {
      const barHeight = Math.max(2 * ratio, peak * (height - 4 * ratio));
      context.fillStyle = (index + 0.5) / peaks.length <= fraction ? played : rest;
      context.fillRect(index * bar + bar * 0.15, (height - barHeight) / 2, Math.max(1, bar * 0.7), barHeight);
    });
  }

  function mount(root, peaks) {
    const audio = root.querySelector("audio");
    const canvas = root.querySelector("canvas");
    if (!audio || !canvas) return;
    if (!peaks) {
      const data = document.getElementById(canvas.dataset.waveform);
      peaks = data ? JSON.parse(data.textContent) : [];
    }
    function redraw() {
      const fraction = audio.duration ? audio.currentTime / audio.duration : 0;
      draw(canvas, peaks, fraction);
    }
    canvas.addEventListener("click", function (event) {
      if (!audio.duration) return;
      const box = canvas.getBoundingClientRect();
      audio.currentTime = ((event.clientX - box.left) / box.width) * audio.duration;
      redraw();
    });
    ["timeupdate", "loadedmetadata", "seeked"].forEach(function (name) { audio.addEventListener(name, redraw); });
    window.addEventListener("resize", redraw);
    redraw();
  }

  function create(container, track) {
    const root = document.createElement("div");
    root.className = "player";
    root.dataset.player = "";
    const canvas = document.createElement("canvas");
    canvas.className = "waveform";
    canvas.height = 96;
    canvas.setAttribute("aria-hidden", "true");
    const audio = document.createElement("audio");
    audio.controls = true;
    audio.preload = "metadata";
    audio.src = track.audio.wav;
    root.append(canvas, audio);
    container.append(root);
    mount(root, track.waveform);
    return audio;
  }

  window.ReveriePlayer = { mount: mount, create: create };
  document.querySelectorAll("[data-player]").forEach(function (root) { mount(root); });
})();
