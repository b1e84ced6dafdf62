// The people picker: turns a "names separated by semicolons" field of the session and
// talk forms into a WAI-ARIA combobox (listbox, aria-activedescendant, Up/Down/Enter/
// Escape) with chips for the chosen people and a live region announcing the results.
// Chosen people are posted as ids in a hidden field (and their names in the original
// field); new people as repeated hidden inputs <prefix>-name/-organisation/-country.
// Without JavaScript the plain field stays as it is.
(function () {
  "use strict";
  var counter = 0;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function describe(person) {
    return [person.organisation, person.country].filter(Boolean).join(", ");
  }

  function setUp(root) {
    var t = root.dataset;
    var text = root.querySelector(".field input[type=text]");
    var ids = document.getElementById(t.ids);
    var form = root.closest("form");
    if (!text || !ids || !form) {
      return;
    }
    counter += 1;
    var base = "people-picker-" + counter;
    var chosen = JSON.parse(t.people || "[]");
    var fresh = JSON.parse(t["new"] || "[]").map(function (p) {
      return { name: p.name, organisation: p.organisation, country: p.country, isNew: true };
    });
    var people = chosen.concat(fresh);
    var results = [];
    var active = -1;
    var timer = null;
    var request = 0;

    var field = text.closest(".field");
    var label = field.querySelector("label");
    var hint = field.querySelector(".hint");
    var error = field.querySelector(".error");
    text.hidden = true;
    text.setAttribute("aria-hidden", "true");
    text.tabIndex = -1;

    var chips = element("ul", { class: "picker-chips", "aria-label": t.tChosen });
    var box = element("div", { class: "picker-box" });
    var input = element("input", {
      type: "text",
      id: base + "-input",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": base + "-list",
      autocomplete: "off",
    });
    var list = element("ul", { role: "listbox", id: base + "-list", "aria-label": label ? label.textContent : "" });
    list.hidden = true;
    var status = element("div", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    var slot = element("div", {});
    var hiddenNew = element("div", {});
    if (label) {
      label.setAttribute("for", input.id);
    }
    if (hint) {
      hint.textContent = t.tSearch;
      hint.id = base + "-hint";
    }
    var described = [hint && hint.id, error && error.id].filter(Boolean).join(" ");
    if (described) {
      input.setAttribute("aria-describedby", described);
    }
    if (error) {
      input.setAttribute("aria-invalid", "true");
    }
    box.appendChild(input);
    box.appendChild(list);
    (error || hint || text).after(chips, box, status, slot, hiddenNew); // the hint and error stay above

    function announce(message) {
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = message;
      }, 50);
    }

    function sync() {
      var existing = people.filter(function (p) {
        return !p.isNew;
      });
      text.value = existing
        .map(function (p) {
          return p.name;
        })
        .join("; ");
      ids.value = existing
        .map(function (p) {
          return p.id;
        })
        .join(",");
      hiddenNew.textContent = "";
      people.forEach(function (p) {
        if (!p.isNew) {
          return;
        }
        [
          ["name", p.name],
          ["organisation", p.organisation || "0"],
          ["country", p.country || ""],
        ].forEach(function (pair) {
          hiddenNew.appendChild(element("input", { type: "hidden", name: t.prefix + "-" + pair[0], value: pair[1] }));
        });
      });
      chips.textContent = "";
      chips.hidden = people.length === 0;
      people.forEach(function (p, index) {
        var chip = element("li", {});
        var about = p.isNew ? "" : describe(p);
        chip.appendChild(element("span", {}, p.name + (about ? " — " + about : "")));
        if (p.isNew) {
          chip.appendChild(element("span", { class: "picker-badge" }, "(" + t.tNewBadge + ")"));
        }
        var remove = element("button", { type: "button", class: "secondary", "aria-label": fill(t.tRemove, { name: p.name }) }, "×");
        remove.addEventListener("click", function () {
          people.splice(index, 1);
          sync();
          announce(fill(t.tRemoved, { name: p.name }));
          input.focus();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) {
        return;
      }
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function render(query) {
      list.textContent = "";
      results.forEach(function (p, i) {
        var about = describe(p);
        var option = element("li", { role: "option", id: base + "-opt-" + i, "aria-selected": "false" }, p.name + (about ? " — " + about : ""));
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
      });
      if (query) {
        var adding = element("li", { role: "option", id: base + "-opt-new", "aria-selected": "false" }, fill(t.tNew, { name: query }));
        adding.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(results.length);
        });
        list.appendChild(adding);
      }
      list.hidden = !list.children.length;
      input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (results.length === 0) {
        announce(t.tNone);
      } else if (results.length === 1) {
        announce(t.tOne);
      } else {
        announce(fill(t.tMany, { count: results.length }));
      }
    }

    function search() {
      var query = input.value.trim();
      if (!query) {
        results = [];
        close();
        return;
      }
      var mine = ++request;
      fetch(t.search + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine !== request) {
            return;
          }
          var taken = people.map(function (p) {
            return p.id;
          });
          results = (data.results || []).filter(function (p) {
            return taken.indexOf(p.id) < 0;
          });
          render(input.value.trim());
        })
        .catch(function () {
          results = [];
          render(input.value.trim());
        });
    }

    function choose(index) {
      if (index < results.length) {
        var person = results[index];
        people.push(person);
        sync();
        input.value = "";
        close();
        announce(fill(t.tAdded, { name: person.name }));
        input.focus();
      } else {
        openNew(input.value.trim());
      }
    }

    function openNew(name) {
      close();
      slot.textContent = "";
      var template = root.querySelector("template[data-new-person]");
      var part = template.content.firstElementChild.cloneNode(true);
      part.querySelectorAll("[data-name]").forEach(function (control) {
        control.id = base + "-new-" + control.dataset.name;
      });
      part.querySelectorAll("label[data-for]").forEach(function (lab) {
        lab.setAttribute("for", base + "-new-" + lab.dataset.for);
      });
      var nameInput = part.querySelector("[data-name=name]");
      nameInput.value = name;
      function finish(add) {
        if (add) {
          var given = nameInput.value.trim();
          if (!given) {
            nameInput.focus();
            return;
          }
          var person = {
            name: given,
            organisation: part.querySelector("[data-name=organisation]").value,
            country: part.querySelector("[data-name=country]").value,
            isNew: true,
          };
          people.push(person);
          sync();
          announce(fill(t.tAdded, { name: given }));
        }
        slot.textContent = "";
        input.value = "";
        input.focus();
      }
      part.querySelector("[data-action=add-new]").addEventListener("click", function () {
        finish(true);
      });
      part.querySelector("[data-action=cancel-new]").addEventListener("click", function () {
        finish(false);
      });
      part.addEventListener("keydown", function (event) {
        if (event.key === "Escape") {
          event.preventDefault();
          finish(false);
        } else if (event.key === "Enter" && event.target.tagName !== "BUTTON") {
          event.preventDefault(); // Enter adds the person rather than sending the whole form
          finish(true);
        }
      });
      slot.appendChild(part);
      (name ? part.querySelector("[data-name=organisation]") : nameInput).focus();
    }

    // The plain form's own new-speaker fields: the picker adds new people itself.
    (t.replaces || "").split(" ").forEach(function (name) {
      var control = name && form.elements[name];
      var wrapper = control && control.closest(".field");
      if (wrapper && !wrapper.classList.contains("has-error") && (!control.value || control.value === "0")) {
        wrapper.hidden = true;
      }
    });

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          search();
          return;
        }
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(active);
        } else if (input.value.trim()) {
          event.preventDefault(); // a half-typed name is not sent with the form
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
        }
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
    sync();
  }

  document.querySelectorAll("[data-people-picker]").forEach(setUp);
})();
