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
    count.textContent = chosen ? chosen + " selected" : "";
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
    const noun = chosen === 1 ? "this dream" : "these " + chosen + " dreams";
    if (!window.confirm("Delete " + noun + "? Their pictures and recordings are deleted too, and this cannot be undone.")) {
      event.preventDefault();
    }
  });
  refresh();
})();
