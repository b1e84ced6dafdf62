// The organiser's timetable grid: move a session by dragging it (or its lower edge to
// change its length), or with the keyboard from its Move button. Each move is posted to
// the server, which saves it through the same checks as the session form; a move that
// would clash is saved only after the organiser confirms. No inline script (CSP).
(function () {
  "use strict";
  var grid = document.querySelector(".tt-grid");
  if (!grid) { return; }
  var status = document.getElementById("tt-status");
  // This organiser's CSRF token: #tt-form is outside the day's HTML, which the server
  // keeps and shows to every organiser of the event.
  var token = document.querySelector("#tt-form input[name=csrf_token]");
  var step = parseInt(grid.dataset.step, 10);
  var slots = parseInt(grid.dataset.slots, 10);
  var rooms = grid.dataset.rooms.split(",");
  var firstMinutes = toMinutes(grid.dataset.first);
  var roomNames = Array.prototype.map.call(grid.querySelectorAll(".tt-room"), function (el) {
    return el.textContent.trim();
  });

  function toMinutes(text) {
    var parts = text.split(":");
    return parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10);
  }
  function toText(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }
  function say(text) { status.textContent = text; }

  // A block's position in slots and columns, from its data attributes.
  function stateOf(block) {
    return {
      start: (toMinutes(block.dataset.start) - firstMinutes) / step,
      length: (toMinutes(block.dataset.end) - toMinutes(block.dataset.start)) / step,
      column: Math.max(0, rooms.indexOf(block.dataset.room))
    };
  }
  function place(block, state) {
    block.style.gridRow = (state.start + 2) + " / " + (state.start + state.length + 2);
    block.style.gridColumn = String(state.column + 2);
  }
  function describe(block, state) {
    var start = firstMinutes + state.start * step;
    return grid.dataset.textMoving
      .replace("%(title)s", block.dataset.title)
      .replace("%(start)s", toText(start))
      .replace("%(end)s", toText(start + state.length * step))
      .replace("%(room)s", roomNames[state.column]);
  }
  function clamp(state) {
    state.length = Math.max(1, state.length);
    state.start = Math.min(Math.max(0, state.start), slots - state.length);
    state.column = Math.min(Math.max(0, state.column), rooms.length - 1);
    return state;
  }

  function save(block, state, confirmed) {
    var start = firstMinutes + state.start * step;
    var body = new URLSearchParams();
    body.set("csrf_token", token ? token.value : "");
    body.set("day", grid.dataset.day);
    body.set("start", toText(start));
    body.set("end", toText(start + state.length * step));
    body.set("room", rooms[state.column]);
    if (confirmed) { body.set("confirm", "1"); }
    say(grid.dataset.textSaving);
    var url = grid.dataset.moveUrl.replace("/0/move", "/" + block.dataset.session + "/move");
    return fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      })
      .then(function (answer) {
        if (answer.status === 200 && answer.data.saved) {
          say(answer.data.message);
          window.location.reload();
        } else if (answer.status === 200 &&
                   window.confirm(answer.data.clashes.join("\n") + "\n\n" + grid.dataset.textConfirm)) {
          return save(block, state, true);
        } else {
          say(answer.data.error || answer.data.clashes.join(" "));
          place(block, stateOf(block));
        }
      })
      .catch(function () { place(block, stateOf(block)); });
  }

  // Pointer: drag the block to move it, its handle to change the length.
  grid.addEventListener("pointerdown", function (event) {
    var block = event.target.closest(".tt-block");
    if (!block || event.button !== 0) { return; }
    var resizing = event.target.classList.contains("tt-handle");
    var rect = grid.getBoundingClientRect();
    var rowHeight = (rect.height - grid.querySelector(".tt-room").offsetHeight) / slots;
    var columnWidth = (rect.width - grid.querySelector(".tt-corner").offsetWidth) / rooms.length;
    var origin = { x: event.clientX, y: event.clientY };
    var initial = stateOf(block);
    var state = stateOf(block);
    var moved = false;
    function follow(move) {
      var rows = Math.round((move.clientY - origin.y) / rowHeight);
      var columns = Math.round((move.clientX - origin.x) / columnWidth);
      if (!moved && Math.abs(move.clientX - origin.x) + Math.abs(move.clientY - origin.y) < 6) { return; }
      moved = true;
      state = resizing
        ? clamp({ start: initial.start, length: initial.length + rows, column: initial.column })
        : clamp({ start: initial.start + rows, length: initial.length, column: initial.column + columns });
      place(block, state);
      say(describe(block, state));
    }
    function drop() {
      document.removeEventListener("pointermove", follow);
      document.removeEventListener("pointerup", drop);
      block.classList.remove("tt-dragging");
      if (moved) {
        block.addEventListener("click", function swallow(click) {
          click.preventDefault();  // the drag was not a click on the link
          block.removeEventListener("click", swallow, true);
        }, true);
        save(block, state, false);
      }
    }
    block.classList.add("tt-dragging");
    document.addEventListener("pointermove", follow);
    document.addEventListener("pointerup", drop);
  });

  // Keyboard: a Move toggle button on every block.
  grid.querySelectorAll(".tt-block").forEach(function (block) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tt-move secondary";
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-describedby", "tt-help");
    button.textContent = "⇅";
    button.setAttribute("aria-label", grid.dataset.textMove + " " + block.dataset.title);
    block.insertBefore(button, block.firstChild);
    var state = null;
    button.addEventListener("click", function () {
      if (state === null) {
        state = stateOf(block);
        button.setAttribute("aria-pressed", "true");
        block.classList.add("tt-dragging");
        say(describe(block, state));
      } else {
        var chosen = state;
        state = null;
        button.setAttribute("aria-pressed", "false");
        block.classList.remove("tt-dragging");
        save(block, chosen, false);
      }
    });
    button.addEventListener("keydown", function (event) {
      if (state === null) { return; }
      var next = { start: state.start, length: state.length, column: state.column };
      if (event.key === "ArrowUp" && event.shiftKey) { next.length -= 1; }
      else if (event.key === "ArrowDown" && event.shiftKey) { next.length += 1; }
      else if (event.key === "ArrowUp") { next.start -= 1; }
      else if (event.key === "ArrowDown") { next.start += 1; }
      else if (event.key === "ArrowLeft") { next.column -= 1; }
      else if (event.key === "ArrowRight") { next.column += 1; }
      else if (event.key === "Escape") {
        state = null;
        button.setAttribute("aria-pressed", "false");
        block.classList.remove("tt-dragging");
        place(block, stateOf(block));
        say(grid.dataset.textCancelled);
        return;
      } else { return; }
      event.preventDefault();
      state = clamp(next);
      place(block, state);
      say(describe(block, state));
    });
  });
})();
