// Live job progress for every page: events from the /ws/jobs/ socket, and polling of
// /api/jobs/{id}/ whenever the socket is closed or cannot be opened.
(function () {
  "use strict";

  const POLL_MS = 1500;
  const watchers = new Map(); // job id -> Set of callbacks
  let socket = null;
  let reconnectDelay = 1000;
  let pollTimer = null;

  function finished(job) {
    return job.status === "succeeded" || job.status === "failed" || job.status === "cancelled";
  }

  function deliver(job) {
    const callbacks = watchers.get(job.id);
    if (!callbacks) return;
    callbacks.forEach(function (callback) { callback(job); });
    if (finished(job)) watchers.delete(job.id);
    if (watchers.size === 0) stopPolling();
  }

  function fetchJob(id) {
    return fetch("/api/jobs/" + id + "/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) { if (job) deliver(job); })
      .catch(function () { /* the next poll or event will tell */ });
  }

  function pollOnce() {
    Array.from(watchers.keys()).forEach(fetchJob);
  }

  function startPolling() {
    if (pollTimer === null && watchers.size > 0) pollTimer = window.setInterval(pollOnce, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer !== null) { window.clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    if (socket || !("WebSocket" in window)) { if (!socket) startPolling(); return; }
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + "/ws/jobs/");
    } catch (error) {
      socket = null;
      startPolling();
      return;
    }
    socket.addEventListener("open", function () {
      reconnectDelay = 1000;
      stopPolling();
      pollOnce(); // catch up on anything that happened while we were not listening
    });
    socket.addEventListener("message", function (event) {
      let data;
      try { data = JSON.parse(event.data); } catch (error) { return; }
      if (data && data.type === "job.update" && data.job) deliver(data.job);
    });
    socket.addEventListener("close", function () {
      socket = null;
      startPolling();
      if (watchers.size > 0) {
        window.setTimeout(connect, reconnectDelay);
        reconnectDelay = Math.min(reconnectDelay * 2, 30000);
      }
    });
  }

  function describe(job) {
    if (job.status === "queued") return gettext("Waiting to start…");
    if (job.status === "running") return interpolate(gettext("Working… %(progress)s%"), { progress: job.progress }, true);
    if (job.status === "succeeded") return gettext("Done");
    return job.error || gettext("This did not work. Please try again.");
  }

  window.ReverieJobs = {
    // Call `callback(job)` on every change of the job until it finishes; returns an unwatch function.
    watch: function (id, callback) {
      if (!watchers.has(id)) watchers.set(id, new Set());
      watchers.get(id).add(callback);
      connect();
      if (!socket || socket.readyState !== WebSocket.OPEN) startPolling();
      fetchJob(id);
      return function () {
        const callbacks = watchers.get(id);
        if (callbacks) { callbacks.delete(callback); if (callbacks.size === 0) watchers.delete(id); }
      };
    },
    describe: describe,
    finished: finished,
    // Show a job on a <progress> element and a text element (role="status").
    show: function (job, bar, label) {
      if (bar) {
        bar.value = job.status === "succeeded" ? 100 : job.progress;
        bar.setAttribute("aria-valuenow", String(bar.value));
      }
      if (label) {
        label.textContent = describe(job);
        label.classList.toggle("error", job.status === "failed");
      }
    },
  };

  // Markup hook: <div data-job-id="…"><progress></progress><span class="job-status"></span></div>
  // When the job succeeds the page reloads, unless the element says data-job-reload="false".
  document.querySelectorAll("[data-job-id]").forEach(function (element) {
    const bar = element.querySelector("progress");
    const label = element.querySelector(".job-status");
    window.ReverieJobs.watch(element.dataset.jobId, function (job) {
      window.ReverieJobs.show(job, bar, label);
      if (job.status === "succeeded" && element.dataset.jobReload !== "false") window.location.reload();
    });
  });
})();
