// Approval queue: the header checkbox ticks or clears every row of the bulk form.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    if (!event.target.matches("input.check-all")) return;
    document.querySelectorAll("input.row-check").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
})();
