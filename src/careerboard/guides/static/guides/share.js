// Guide pages: the copy-link button. Without JavaScript the button stays hidden and the link
// stays visible and selectable in its text field.
(function () {
  "use strict";

  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setUp(button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    var status = button.parentElement.querySelector("[data-copy-status]");
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(
        function () { status.textContent = "Link copied."; },
        function () { field.select(); status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link."; }
      );
    });
  }

  function init() {
    document.querySelectorAll("button[data-copy-from]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
