/* Inside the embedded agenda: tell the embedding page how tall the agenda is. */
(function () {
  "use strict";
  function report() {
    if (window.parent !== window) {
      window.parent.postMessage({ confsiteAgendaHeight: document.documentElement.scrollHeight }, "*");
    }
  }
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
})();
