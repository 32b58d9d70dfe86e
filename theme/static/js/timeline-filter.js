/* Timeline filter: progressive enhancement for timeline/index.html.
   A classic script (no modules, no fetch), so it runs from file:// too. Without it the
   page shows every event; with it, theme buttons (aria-pressed) hide the other events.
   Several themes may be chosen: an event is shown if it has any of them. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-timeline-filter]");
  if (!panel) {
    return;
  }
  var buttons = Array.prototype.slice.call(panel.querySelectorAll("button[data-theme]"));
  var reset = panel.querySelector("button[data-reset]");
  var status = panel.querySelector("[data-status]");
  var events = Array.prototype.slice.call(document.querySelectorAll(".tl-event"));
  var years = Array.prototype.slice.call(document.querySelectorAll(".tl-year"));

  function chosen() {
    return buttons.filter(function (b) {
      return b.getAttribute("aria-pressed") === "true";
    }).map(function (b) {
      return b.getAttribute("data-theme");
    });
  }

  function apply() {
    var wanted = chosen();
    var shown = 0;
    events.forEach(function (ev) {
      var themes = (ev.getAttribute("data-themes") || "").split(" ");
      var keep = wanted.length === 0 || themes.some(function (t) {
        return wanted.indexOf(t) !== -1;
      });
      ev.hidden = !keep;
      if (keep) {
        shown += 1;
      }
    });
    years.forEach(function (y) {
      y.hidden = y.querySelector(".tl-event:not([hidden])") === null;
    });
    reset.setAttribute("aria-pressed", wanted.length === 0 ? "true" : "false");
    status.textContent = wanted.length === 0
      ? "Showing all " + events.length + " events."
      : "Showing " + shown + " of " + events.length + " events.";
  }

  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      var on = b.getAttribute("aria-pressed") === "true";
      b.setAttribute("aria-pressed", on ? "false" : "true");
      apply();
    });
  });
  reset.addEventListener("click", function () {
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", "false");
    });
    apply();
  });
  panel.hidden = false;
  apply();
}());
