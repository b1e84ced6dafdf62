// Progress of a report build: polls the build's JSON status and updates the bar; the
// page reloads once the file is ready (or the build failed). Without JavaScript the
// page shows the progress when loaded and offers a "Refresh" link.
(function () {
  "use strict";
  var root = document.querySelector("[data-build-status]");
  if (!root) {
    return;
  }
  var url = root.getAttribute("data-build-status");
  var bar = root.querySelector("progress");
  var step = document.getElementById("build-step");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        bar.value = status.progress;
        step.textContent = status.progress + "% – " + status.step;
        if (status.state === "done" || status.state === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1500);
})();
