// "Show in my time zone": fill in the browser's zone and show the switch when it
// differs from the event's. A static file, so the page needs no inline script.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }
  document.querySelectorAll("form.time-zone-switch").forEach(function (form) {
    if (form.dataset.eventZone === zone) {
      return;
    }
    form.elements.zone.value = zone;
    form.querySelectorAll(".detected-zone").forEach(function (span) {
      span.textContent = zone;
    });
    form.hidden = false;
  });
})();
