// session: the small script that makes live pages tick.
// - Timers count from the server's deadline, corrected by the measured server-clock offset,
//   so every screen in the room shows the same time without per-second pushes.
// - Every command sent over the websocket carries a request_id, so a resend after a
//   reconnect is applied once.
// - While the socket is away, a "Reconnecting…" notice is shown.
// - A form marked data-confirm asks once before it is sent.
(function () {
  "use strict";
  var offsetMs = 0; // server clock minus this device's clock
  var lastClock = null;
  var WARNING_MS = 30000;
  var SILENCE_MS = 70000; // the server speaks at least every 25 s; longer silence means a dead socket
  var socket = null; // htmx's websocket wrapper, from its events
  var socketOpen = false;
  var lastHeard = Date.now();

  // A reading of the server's clock arrives late by however long the page or push took to come,
  // so it can only underestimate the offset: keep the largest (the least delayed), unless a
  // reading differs by more than a minute, when this device's clock itself was changed.
  var readings = 0;
  function readServerClock() {
    var el = document.getElementById("server-clock");
    var now = el ? el.getAttribute("data-now") : document.body.getAttribute("data-server-now");
    if (now && now !== lastClock) {
      lastClock = now;
      var sample = Number(now) - Date.now();
      if (!readings++ || sample > offsetMs || offsetMs - sample > 60000) offsetMs = sample;
    }
  }

  function face(ms) {
    var over = ms < 0;
    var s = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
    var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    return over ? "+" + text : text;
  }

  function tick() {
    var timers = document.querySelectorAll("[role=timer][data-phase]");
    for (var i = 0; i < timers.length; i++) {
      var el = timers[i];
      var phase = el.getAttribute("data-phase");
      if (phase === "idle") continue;
      // Running, it never shows more than it had when the server drew it: time only runs down.
      var remaining = phase === "running"
        ? Math.min(Number(el.getAttribute("data-deadline")) - (Date.now() + offsetMs), Number(el.getAttribute("data-remaining")))
        : Number(el.getAttribute("data-remaining"));
      var text = face(remaining);
      if (el.textContent !== text) el.textContent = text;
      var box = el.closest(".current");
      var note = box && box.querySelector("[data-note]");
      var overrun = remaining < 0, warning = !overrun && remaining <= WARNING_MS;
      if (box) {
        box.classList.toggle("is-overrun", overrun);
        box.classList.toggle("is-warning", warning);
      }
      if (note) {
        // The words come from the page, in the reader's language.
        var words = phase === "paused" ? note.getAttribute("data-paused")
          : phase === "ready" ? note.getAttribute("data-ready")
          : overrun ? note.getAttribute("data-overrun")
          : warning ? note.getAttribute("data-warning") : "";
        if (note.textContent !== words) note.textContent = words;
      }
    }
  }

  // The time of day on the big screen and the chair's tablet, in the event's zone: "11:40 a.m." and "12 noon" in English as UN
  // documents write them (session/times.py's hour), the language's own short time elsewhere.
  var dayFormats = {};
  function timeOfDay(zone, lang, now) {
    var key = zone + " " + lang;
    if (!dayFormats[key]) {
      dayFormats[key] = lang === "en"
        ? new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "numeric", hourCycle: "h23" })
        : new Intl.DateTimeFormat(lang + "-u-nu-latn", { timeZone: zone, timeStyle: "short" });
    }
    if (lang !== "en") return dayFormats[key].format(now);
    var parts = {};
    dayFormats[key].formatToParts(now).forEach(function (p) { parts[p.type] = Number(p.value); });
    var h = parts.hour % 24, m = parts.minute;
    if (h === 12 && m === 0) return "12 noon";
    return (h % 12 || 12) + (m ? ":" + String(m).padStart(2, "0") : "") + (h < 12 ? " a.m." : " p.m.");
  }

  function tickDay() {
    var clocks = document.querySelectorAll("[data-time-of-day]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i], text;
      try {
        text = timeOfDay(el.getAttribute("data-zone") || "UTC", el.getAttribute("data-lang") || "en", new Date(Date.now() + offsetMs));
      } catch (e) {
        continue; // a zone this browser does not know: the server's text stays
      }
      if (el.textContent !== text) el.textContent = text;
    }
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // randomUUID needs a secure context; conference Wi-Fi may be plain http
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function showConnection(online) {
    var el = document.getElementById("connection");
    if (el) el.hidden = online;
    document.body.classList.toggle("offline", !online);
  }

  // What costs something asks once: a form with data-confirm is sent only if the person agrees.
  // Listening on the document, in the capture phase, runs before htmx's own handler on the form.
  document.addEventListener("submit", function (evt) {
    var question = evt.target.getAttribute && evt.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      evt.preventDefault();
      evt.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("htmx:wsConfigSend", function (evt) {
    if (!evt.detail.parameters.request_id) evt.detail.parameters.request_id = randomId();
  });
  function reconnect() {
    // A fresh socket gets the whole current view as its first frame.
    if (socket) socket.reconnect();
  }

  // The page's title follows the room's name, pushed into the header bar when the room is renamed.
  function copyTitle() {
    var name = document.getElementById("room-name");
    var title = name && name.getAttribute("data-title");
    if (title && document.title !== title) document.title = title;
  }

  document.addEventListener("htmx:wsAfterMessage", function () {
    lastHeard = Date.now();
    readServerClock();
    copyTitle();
    // A push carries what was true when it was drawn: the clock, its note and the time of day
    // are set again at once from the live time, not at the next tick.
    tick();
    tickDay();
  });
  document.addEventListener("htmx:wsOpen", function (evt) {
    socket = evt.detail.socketWrapper;
    socketOpen = true;
    lastHeard = Date.now();
    showConnection(true);
  });
  document.addEventListener("htmx:wsClose", function () {
    socketOpen = false;
    showConnection(false);
  });
  window.addEventListener("offline", function () { showConnection(false); });
  // Back online: the old socket may be dead without knowing it, or have missed pushes.
  window.addEventListener("online", reconnect);
  setInterval(function () {
    if (socketOpen && Date.now() - lastHeard > SILENCE_MS) {
      showConnection(false);
      reconnect();
    }
  }, 5000);

  document.addEventListener("DOMContentLoaded", function () {
    readServerClock();
    tick();
    tickDay();
    setInterval(tick, 200);
    setInterval(tickDay, 1000);
  });
})();

// The delegate's phone: its own row on the shared list marked (the list is one push for every phone;
// the page's own box says which entries are its), its own clock copied from the room's, and a
// vibration, where the phone allows one, when it becomes next to speak.
(function () {
  "use strict";
  var wasNext = null; // unknown until the page is read: opening the page is no news

  function markMine() {
    var box = document.getElementById("my-request");
    var mine = box ? (box.getAttribute("data-entries") || "").split(" ").filter(Boolean) : [];
    var rows = document.querySelectorAll("#queue [data-entry]");
    for (var i = 0; i < rows.length; i++) {
      var own = mine.indexOf(rows[i].getAttribute("data-entry")) >= 0;
      rows[i].classList.toggle("is-mine", own);
    }
    var next = !!(box && box.querySelector("[data-next]"));
    if (next && wasNext === false && navigator.vibrate) {
      try { navigator.vibrate([200, 100, 200]); } catch (e) { /* not allowed here: the words say it */ }
    }
    wasNext = next;
  }

  function copyClock() {
    var copies = document.querySelectorAll("[data-mirror-timer]");
    if (!copies.length) return;
    var clock = document.querySelector("#current [role=timer]");
    var box = clock && clock.closest(".current");
    for (var i = 0; i < copies.length; i++) {
      if (clock && copies[i].textContent !== clock.textContent) copies[i].textContent = clock.textContent;
      var own = copies[i].parentNode;
      own.classList.toggle("is-warning", !!box && box.classList.contains("is-warning"));
      own.classList.toggle("is-overrun", !!box && box.classList.contains("is-overrun"));
    }
  }

  document.addEventListener("htmx:wsAfterMessage", function () { markMine(); copyClock(); });
  document.addEventListener("DOMContentLoaded", function () {
    markMine();
    copyClock();
    setInterval(copyClock, 200);
  });
})();
