// Take-home capture: live character counters and saving that survives a dropped
// connection. Progressive enhancement: without this script the forms post normally.
(function () {
  "use strict";

  function visibleLength(value) {
    // Count what readers will see: formatting tags are not characters of the message.
    var template = document.createElement("template");
    template.innerHTML = value;
    return template.content.textContent.replace(/\s+/g, " ").trim().length;
  }

  function wireCounter(counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    var max = parseInt(counter.getAttribute("data-max"), 10);
    if (!field || !max) { return; }
    function update() {
      var used = visibleLength(field.value);
      var left = max - used;
      counter.textContent = left >= 0
        ? used + " / " + max + " characters (" + left + " left)"
        : used + " / " + max + " characters: " + (-left) + " too many";
      counter.classList.toggle("th-over", left < 0);
    }
    field.addEventListener("input", update);
    update();
  }

  function goTo(address) {
    // A new address differing only by its #fragment would not reload the page, so
    // reload explicitly (replaceState first, so the reload is a plain GET).
    var target = new URL(address, window.location.href);
    if (target.pathname === window.location.pathname && target.search === window.location.search) {
      window.history.replaceState(null, "", target.href);
      window.location.reload();
    } else {
      window.location.assign(target.href);
    }
  }

  function wireForm(form) {
    var notice = form.querySelector(".th-network");
    form.addEventListener("submit", function (event) {
      if (form.dataset.native === "1" || !window.fetch) { return; }
      event.preventDefault();
      var submitter = event.submitter || form.querySelector("button[type=submit]");
      var data = new FormData(form);
      if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
      if (submitter) { submitter.disabled = true; }
      if (notice) { notice.hidden = true; notice.textContent = ""; }
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Requested-With": "take-home-fetch", "Accept": "application/json" }
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (response.ok && type.indexOf("application/json") === 0) {
            return response.json().then(function (body) { goTo(body.redirect); });
          }
          // Not a plain success (e.g. the text needs fixing): let the server's own page
          // explain. Sending the same form again is safe: its key prevents duplicates.
          form.dataset.native = "1";
          if (submitter) { submitter.disabled = false; }
          form.requestSubmit(submitter || undefined);
        })
        .catch(function () {
          if (submitter) { submitter.disabled = false; }
          if (notice) {
            notice.textContent = "Not saved: the connection dropped. Your text is still here; " +
              "press the button again when you are back online.";
            notice.hidden = false;
          }
        });
    });
  }

  document.querySelectorAll("[data-counter-for]").forEach(wireCounter);
  document.querySelectorAll("form[data-th-form]").forEach(wireForm);
})();
