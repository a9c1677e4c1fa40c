/* Warn before the session times out and offer to extend it. Optional: without it, nothing breaks. */
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box || !window.fetch) return;
  // What is left of the session when the page was served; once extended, the whole of it.
  var timeout = parseInt(box.dataset.timeout, 10) * 1000;
  var sessionAge = parseInt(box.dataset.sessionAge || box.dataset.timeout, 10) * 1000;
  var warnBefore = parseInt(box.dataset.warnBefore, 10) * 1000;
  var button = box.querySelector("[data-session-extend]");
  var previousFocus = null;
  var timer = null;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(show, Math.max(timeout - warnBefore, 0));
  }

  function show() {
    previousFocus = document.activeElement;
    box.hidden = false;
    button.focus();
  }

  function hide() {
    box.hidden = true;
    if (previousFocus && previousFocus.focus) previousFocus.focus();
  }

  button.addEventListener("click", function () {
    fetch(box.dataset.keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": box.dataset.csrfToken },
    }).then(function (response) {
      if (response.ok) {
        hide();
        timeout = sessionAge;
        schedule();
      }
    });
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  schedule();
})();
