// The journal: select dreams for deleting together, and confirm before deleting.
(function () {
  "use strict";
  const form = document.getElementById("bulk-form");
  if (!form) return;
  const boxes = Array.from(form.querySelectorAll(".dream-select"));
  const all = document.getElementById("select-all");
  const button = document.getElementById("bulk-delete");
  const count = document.getElementById("bulk-count");

  function refresh() {
    const chosen = boxes.filter(function (box) { return box.checked; }).length;
    button.disabled = chosen === 0;
    count.textContent = chosen ? interpolate(ngettext("%(count)s selected", "%(count)s selected", chosen), { count: chosen }, true) : "";
    all.checked = chosen === boxes.length && chosen > 0;
    all.indeterminate = chosen > 0 && chosen < boxes.length;
  }

  boxes.forEach(function (box) { box.addEventListener("change", refresh); });
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    refresh();
  });
  form.addEventListener("submit", function (event) {
    const chosen = boxes.filter(function (box) { return box.checked; }).length;
    const question = chosen === 1
      ? gettext("Delete this dream? Its picture and recording are deleted too, and this cannot be undone.")
      : interpolate(gettext("Delete these %(count)s dreams? Their pictures and recordings are deleted too, and this cannot be undone."), { count: chosen }, true);
    if (!window.confirm(question)) {
      event.preventDefault();
    }
  });
  refresh();
})();
