// The results page: live length label, and "make another version" through the API with live
// progress; without this script the form posts and the page shows the job's progress.
(function () {
  "use strict";

  const duration = document.getElementById("id_duration");
  const output = document.getElementById("duration-output");
  if (duration && output) duration.addEventListener("input", function () { output.textContent = duration.value; });

  const form = document.getElementById("regenerate-form");
  if (!form) return;
  const box = document.getElementById("regenerate-progress");
  const bar = box.querySelector("progress");
  const label = box.querySelector(".job-status");
  const errors = document.getElementById("seed-error");
  const button = form.querySelector("button[type=submit]");

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const seed = document.getElementById("id_seed").value.trim();
    const payload = {
      upload: form.dataset.uploadId,
      duration: Number(duration.value),
      mood: { valence: Number(document.getElementById("id_valence").value), arousal: Number(document.getElementById("id_arousal").value) },
    };
    if (seed !== "") payload.seed = Number(seed);
    const style = document.getElementById("id_style").value.trim();
    if (style) payload.style = style;
    errors.textContent = "";
    button.disabled = true;
    box.hidden = false;
    label.textContent = gettext("Starting…");
    fetch("/api/tracks/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(payload),
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (!answer.ok) {
        errors.textContent = window.ReverieErrors.sentence(answer.data.error, form, gettext("That did not work. Please try again."));
        box.hidden = true;
        button.disabled = false;
        return;
      }
      window.ReverieJobs.watch(answer.data.job.id, function (job) {
        window.ReverieJobs.show(job, bar, label);
        if (job.status === "succeeded" && job.page_url) window.location.assign(job.page_url);
        if (job.status === "failed") button.disabled = false;
      });
    }).catch(function () {
      errors.textContent = gettext("The request was interrupted. Check your connection and try again.");
      box.hidden = true;
      button.disabled = false;
    });
  });
})();
