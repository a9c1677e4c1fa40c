/* What if: poll the run's status and reload the page when it has finished. Optional: without
   it, the page's refresh link does the same. Loaded from our own origin, as the CSP asks. */
(function () {
  "use strict";
  var box = document.querySelector("[data-whatif-status]");
  if (!box || !window.fetch) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-whatif-progress-text]");
  var template = box.dataset.whatifProgressTemplate || "";

  function show(status) {
    if (bar && status.total) {
      bar.max = status.total;
      bar.value = status.done;
    }
    if (text && status.total !== null) {
      text.textContent = template
        .replace("%(done)s", status.done)
        .replace("%(total)s", status.total)
        .replace("%(percent)s", status.percent)
        .replace("%%", "%");
    }
  }

  function poll() {
    fetch(box.dataset.whatifStatus, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        /* The refresh link still works. */
      });
  }

  window.setTimeout(poll, 500);
})();
