// Now and next: replaces the rooms table with a fresh copy every minute, without
// reloading the page (a meta refresh would move focus and cannot be paused: WCAG 2.2.1).
// A toggle button pauses and resumes the updates. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("now-next");
  var status = document.getElementById("now-next-status");
  if (!box || !status) { return; }
  var timer = null;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = box.dataset.textPause;
  button.setAttribute("aria-pressed", "false");
  status.parentNode.appendChild(button);

  function update() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("now-next");
        if (fresh) { box.replaceChildren.apply(box, Array.prototype.slice.call(fresh.childNodes)); }
      })
      .catch(function () { /* keep what is shown; the next minute tries again */ });
  }

  function start() { timer = window.setInterval(update, 60000); }
  button.addEventListener("click", function () {
    // a toggle button: its name stays, aria-pressed says whether updates are paused
    if (timer === null) {
      start();
      status.textContent = box.dataset.textRunning;
      button.setAttribute("aria-pressed", "false");
    } else {
      window.clearInterval(timer);
      timer = null;
      status.textContent = box.dataset.textPaused;
      button.setAttribute("aria-pressed", "true");
    }
  });
  start();
})();
