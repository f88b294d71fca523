// Tuijin: the few behaviours CSS cannot give. Pages work without this file; it only adds comfort.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    // Dismiss a message.
    var close = event.target.closest("[data-dismiss='alert']");
    if (close) {
      close.closest(".alert").remove();
      return;
    }
    // Mark the clicked tab active: htmx swaps only the tab body, not the tab bar.
    var tab = event.target.closest(".tabs a");
    if (tab && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      tab.parentNode.querySelectorAll("a").forEach(function (a) {
        a.classList.toggle("active", a === tab);
        if (a === tab) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
      });
    }
    // Close the user menu when clicking elsewhere.
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
        menu.removeAttribute("open");
      });
    }
  });
})();
