// A dream's page: live progress of the job reading it, and its results as they arrive.
(function () {
  "use strict";
  const card = document.getElementById("dream-job");
  const results = document.getElementById("results");
  const deleteForm = document.getElementById("delete-form");

  if (deleteForm) {
    deleteForm.addEventListener("submit", function (event) {
      if (!window.confirm(gettext("Delete this dream? Its picture and any recording are deleted too, and this cannot be undone."))) {
        event.preventDefault();
      }
    });
  }
  if (!card || !window.ReverieJobs) return;

  const bar = card.querySelector("progress");
  const label = card.querySelector(".job-status");
  const heading = card.querySelector(".job-title");
  const retry = document.getElementById("retry-form");
  const stages = Array.from(card.querySelectorAll(".stages li"));
  const dreamUrl = window.location.pathname;
  const apiUrl = "/api" + dreamUrl;
  let shownStage = -1;

  function stageOf(job) {
    if (job.status === "succeeded") return stages.length;
    let current = 0;
    stages.forEach(function (li, index) { if (job.progress >= Number(li.dataset.from)) current = index; });
    return current;
  }

  function markStages(job) {
    const current = stageOf(job);
    stages.forEach(function (li, index) {
      li.classList.toggle("done", index < current);
      li.classList.toggle("current", index === current && job.status === "running");
    });
    return current;
  }

  function refresh(fragment, element) {
    return fetch(dreamUrl + "?fragment=" + fragment, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && element) element.innerHTML = html; })
      .catch(function () { /* the next update tries again */ });
  }

  function refreshResults() {
    return Promise.all([refresh("results", results),
                        refresh("proposed", document.getElementById("proposed"))]);
  }

  function refreshDream() {
    return fetch(apiUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (dream) {
        if (!dream) return;
        document.getElementById("dream-title").textContent = dream.title;
        document.title = dream.title + " · Reverie";
      })
      .catch(function () {});
  }

  window.ReverieJobs.watch(card.dataset.job, function (job) {
    window.ReverieJobs.show(job, bar, label);
    const current = markStages(job);
    if (current !== shownStage) {
      shownStage = current;
      refreshResults();
    }
    if (job.status === "succeeded") {
      heading.textContent = gettext("Your dream has been read");
      label.textContent = gettext("Done: the picture, reading and story are below.");
      refreshDream();
      refreshResults().then(function () {
        window.setTimeout(function () { card.hidden = true; }, 2500);
      });
    } else if (job.status === "failed") {
      heading.textContent = gettext("Something did not work");
      retry.hidden = false;
      refreshResults();
    }
  });
})();
