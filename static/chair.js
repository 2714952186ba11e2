// session: the chair's tablet. Entries of the list are dragged by their grip (SortableJS, vendored).
// - A drop is sent as the same `move` as the buttons', with the place the chair saw (from_position),
//   so a co-chair's change meanwhile refuses it as stale rather than being overwritten.
// - The dropped entry goes back where it was until the server's push redraws the list: the list
//   only ever shows the server's order, and a refused move leaves nothing misleading behind.
// - While an entry is held, a push of the list waits for the drop instead of pulling the list
//   from under the finger; the latest one is shown then.
// The keyboard's way to the same moves is each entry's "Move to position" field and button.
// The time of day above the speaker ticks with the big screen's, in session.js.
(function () {
  "use strict";
  var dragging = false;
  var held = null; // the list as last pushed while an entry was held

  function entries() {
    return Array.prototype.filter.call(
      document.querySelectorAll("#queue li.entry"),
      function (li) { return !li.classList.contains("sortable-fallback") && li.offsetParent !== null; }
    );
  }

  function send(entry, position, from) {
    var form = document.getElementById("drag-move");
    if (!form) return;
    form.elements.entry.value = entry;
    form.elements.position.value = position;
    form.elements.from_position.value = from;
    form.requestSubmit();
  }

  function showHeld() {
    var queue = document.getElementById("queue");
    if (held && queue) {
      queue.replaceWith(held);
      htmx.process(held);
    }
    held = null;
    enable();
  }

  function dropped(evt) {
    var item = evt.item;
    var position = entries().indexOf(item) + 1;
    var from = Number(item.getAttribute("data-position"));
    item.parentNode.removeChild(item);
    evt.from.insertBefore(item, evt.from.children[evt.oldIndex] || null);
    dragging = false;
    showHeld();
    if (position > 0 && position !== from) send(item.getAttribute("data-entry"), position, from);
  }

  function enable() {
    if (typeof Sortable === "undefined") return;
    var lists = document.querySelectorAll("#queue ol[data-sortable]");
    for (var i = 0; i < lists.length; i++) {
      if (Sortable.get(lists[i])) continue;
      Sortable.create(lists[i], {
        group: "queue", // a list read out in meetings is several <ol>s: one list to drag across
        draggable: "li.entry",
        handle: ".grip",
        forceFallback: true, // one drag for mouse, pen and finger, with the pane scrolled along
        fallbackOnBody: true,
        fallbackTolerance: 4,
        scroll: true,
        scrollSensitivity: 80,
        scrollSpeed: 24,
        animation: 120,
        onStart: function () { dragging = true; },
        onEnd: dropped,
      });
    }
  }

  document.addEventListener("htmx:oobBeforeSwap", function (evt) {
    var target = evt.detail.target;
    if (!dragging || !target || target.id !== "queue") return;
    held = evt.detail.fragment.firstElementChild;
    evt.detail.shouldSwap = false;
  });
  document.addEventListener("htmx:wsAfterMessage", function () {
    enable();
  });
  document.addEventListener("DOMContentLoaded", function () {
    enable();
  });
})();
