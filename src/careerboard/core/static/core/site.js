/* careerboard: the theme toggle, the phone menu and the filter sheet. Everything works
   without this file (the OS theme, #site-menu and #filters targets); it only makes it nicer. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "careerboard-theme";
  var stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { /* storage blocked: follow the OS */ }
  if (stored === "light" || stored === "dark") root.setAttribute("data-theme", stored);

  function currentTheme() {
    var pinned = root.getAttribute("data-theme");
    if (pinned) return pinned;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function wireTheme() {
    var toggle = document.querySelector("[data-theme-toggle]");
    if (!toggle) return;
    var show = function () { toggle.setAttribute("aria-pressed", String(currentTheme() === "dark")); };
    toggle.hidden = false;
    show();
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* kept for this page only */ }
      show();
    });
  }

  // A link to a panel (#site-menu, #filters) becomes a button that opens and closes it.
  function wirePanel(trigger, panel, openClass, host) {
    if (!trigger || !panel) return;
    trigger.setAttribute("role", "button");
    var set = function (open) {
      host.classList.toggle(openClass, open);
      trigger.setAttribute("aria-expanded", String(open));
      if (open) {
        panel.querySelectorAll("details.account-menu").forEach(function (d) { d.open = true; });
      }
    };
    trigger.addEventListener("click", function (event) {
      event.preventDefault();
      set(!host.classList.contains(openClass));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && host.classList.contains(openClass)) { set(false); trigger.focus(); }
    });
    return set;
  }

  // The filter sheet of /jobs. Its "Filters" link sits in the results, which htmx replaces,
  // so clicks are caught on the document.
  function wireFilters() {
    var sheet = document.getElementById("filters");
    if (!sheet) return;
    var set = function (open) {
      sheet.classList.toggle("open", open);
      document.querySelectorAll("[data-filters-open]").forEach(function (t) {
        t.setAttribute("aria-expanded", String(open));
      });
      if (open) { var first = sheet.querySelector("select, input, summary"); if (first) first.focus(); }
    };
    document.addEventListener("click", function (event) {
      if (event.target.closest("[data-filters-open]")) { event.preventDefault(); set(true); }
      else if (event.target.closest("[data-filters-close]")) { event.preventDefault(); set(false); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && sheet.classList.contains("open")) set(false);
    });
    var form = sheet.closest("form");
    if (form) form.addEventListener("submit", function () { set(false); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireTheme();
    var header = document.querySelector(".site-header");
    wirePanel(document.querySelector("[data-menu-button]"), document.getElementById("site-menu"), "open", header);
    wireFilters();
  });
})();
