// Grid entry (月度调度填报): spreadsheet keys without a library.
// Enter or ↓ moves to the same column of the next row, ↑ to the previous row; Tab moves across (browser default).
// The page works without this file: Enter then saves the grid as a draft, the first button of the form.
(function () {
  "use strict";

  var table = document.querySelector("table[data-grid]");
  if (!table) return;
  var form = table.closest("form");

  function column(input) {
    return Array.prototype.slice.call(table.querySelectorAll('input[data-col="' + input.dataset.col + '"]'));
  }

  function move(input, step) {
    var cells = column(input);
    var next = cells[cells.indexOf(input) + step];
    if (next) {
      next.focus();
      next.select();
    }
  }

  table.addEventListener("keydown", function (event) {
    var input = event.target.closest("input[data-col]");
    if (!input || event.altKey || event.ctrlKey || event.metaKey) return;
    // While an input method is composing (typing Chinese), Enter confirms the characters: leave it alone.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === "Enter" || event.key === "ArrowDown") {
      event.preventDefault();
      move(input, event.shiftKey && event.key === "Enter" ? -1 : 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      move(input, -1);
    }
  });

  // Mark changed rows, and warn before leaving the page with changes not saved.
  var dirty = false;
  table.addEventListener("input", function (event) {
    var row = event.target.closest("tr");
    if (row) row.classList.add("dirty");
    dirty = true;
  });
  if (form) {
    form.addEventListener("submit", function () {
      dirty = false;
    });
  }
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Start in the first empty amount cell, where most months begin.
  var first = table.querySelector('td.has-error input[data-col]') || table.querySelector('input[data-col="amount"]');
  if (first) first.focus();
})();
