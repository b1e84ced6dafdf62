// Live progress of an organiser's message: polls the page's progress.json every two
// seconds until every recipient's e-mail is settled. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("message-progress");
  if (!box || box.dataset.done === "yes") { return; }

  function cell(text, className) {
    var td = document.createElement("td");
    td.textContent = text || "";
    if (className) { td.className = className; }
    return td;
  }

  function show(data) {
    var sent = data.counts.sent || 0;
    document.getElementById("message-progress-bar").value = sent;
    document.getElementById("message-progress-text").textContent = box.dataset.textSent
      .replace("{sent}", sent).replace("{total}", data.total);
    var body = document.getElementById("message-recipients");
    body.replaceChildren.apply(body, data.recipients.map(function (r) {
      var tr = document.createElement("tr");
      tr.append(cell(r.email), cell(r.label, "status-" + r.status), cell(r.error));
      return tr;
    }));
    if (data.done) {
      document.getElementById("message-progress-state").textContent = box.dataset.textDone;
      box.dataset.done = "yes";
    }
  }

  function poll() {
    fetch(box.dataset.progressUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { show(data); }
        if (box.dataset.done !== "yes") { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
