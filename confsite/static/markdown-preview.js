// A "Preview" button under every textarea marked data-markdown="preview": the server
// renders the text exactly as the public page will (sanitised), shown below the field.
// No inline script (CSP); without JavaScript the form works as before, without preview.
(function () {
  "use strict";
  var script = document.currentScript;
  var token = document.querySelector("input[name=csrf_token]");
  document.querySelectorAll("textarea[data-markdown=preview]").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary markdown-preview-button";
    button.textContent = script.dataset.textPreview;
    var output = document.createElement("div");
    output.className = "markdown-preview description";
    output.id = field.id + "-preview";
    output.setAttribute("aria-live", "polite");
    output.hidden = true;
    button.setAttribute("aria-controls", output.id);
    button.addEventListener("click", function () {
      var body = new URLSearchParams();
      body.set("text", field.value);
      if (token) { body.set("csrf_token", token.value); }
      fetch(script.dataset.url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          // The server's answer is sanitised HTML (confsite/rich_text.py); parse it
          // inertly rather than through innerHTML on a live element.
          var parsed = new DOMParser().parseFromString(html, "text/html");
          output.replaceChildren.apply(output, Array.prototype.slice.call(parsed.body.childNodes));
          output.hidden = false;
        })
        .catch(function () {
          output.textContent = script.dataset.textFailed;
          output.hidden = false;
        });
    });
    field.insertAdjacentElement("afterend", output);
    field.insertAdjacentElement("afterend", button);
  });
})();
