// Chat page conveniences on top of what the server renders: only the latest answer's suggestions and card
// actions stay, copy buttons, relative message times, a character counter, "Jump to latest", the undo offer's
// end. Each works on what is in the page, so a reload or an htmx swap needs nothing else. No eval, no inline
// handlers: runs under a strict CSP.
(function () {
  "use strict";

  var MINUTE = 60, HOUR = 3600, DAY = 86400;
  var COUNTER_FROM = 0.8;  // the counter shows from this share of the limit on
  var COPIED_MS = 2000;

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  // As the server writes it (web/views.py `ago`), so a refreshed time reads the same.
  function ago(date) {
    var seconds = Math.max(0, (Date.now() - date.getTime()) / 1000);
    if (seconds < MINUTE) { return "just now"; }
    if (seconds < HOUR) { return Math.floor(seconds / MINUTE) + " min ago"; }
    if (seconds < DAY) { return Math.floor(seconds / HOUR) + " h ago"; }
    return date.toLocaleDateString(undefined, {day: "numeric", month: "short", year: "numeric"});
  }

  ready(function () {
    var log = document.getElementById("messages");
    var box = document.getElementById("message");
    var counter = document.getElementById("char-count");
    var jump = document.getElementById("jump-latest");
    if (!log || !box) { return; }
    var maxChars = parseInt(box.getAttribute("data-max-chars"), 10) || 0;
    var canCopy = !!(navigator.clipboard && window.isSecureContext);

    // Only the newest answer's follow-ups and card actions are live: older ones would be read against a
    // conversation that has moved on. Starters go with the first message.
    function retireStale() {
      var log = document.getElementById("messages");  // a clear swaps in a new one
      var answers = log.querySelectorAll(".message[data-role=assistant]");
      var latest = answers.length ? answers[answers.length - 1] : null;
      log.querySelectorAll(".suggestions, .card-actions").forEach(function (element) {
        if (!latest || !latest.contains(element)) { element.remove(); }
      });
      if (log.querySelector(".message[data-role]")) {
        log.querySelectorAll(".starters").forEach(function (element) { element.remove(); });
      }
    }

    function refreshTimes() {
      document.querySelectorAll("time.message-time").forEach(function (time) {
        var date = new Date(time.getAttribute("datetime"));
        if (isNaN(date.getTime())) { return; }
        time.textContent = ago(date);
        time.title = date.toLocaleString();
      });
    }

    function showCopyButtons() {
      if (!canCopy) { return; }
      document.querySelectorAll("button.copy[hidden]").forEach(function (button) { button.hidden = false; });
    }

    function armUndo() {
      document.querySelectorAll(".undo[data-seconds]:not([data-armed])").forEach(function (offer) {
        offer.setAttribute("data-armed", "");
        window.setTimeout(function () { offer.remove(); }, parseInt(offer.getAttribute("data-seconds"), 10) * 1000);
      });
    }

    function updateCounter() {
      var length = box.value.length;
      var near = maxChars && length >= maxChars * COUNTER_FROM;
      counter.textContent = near ? length.toLocaleString() + " / " + maxChars.toLocaleString() + " characters" : "";
      counter.classList.toggle("over", near && length > maxChars);
    }

    function scrolledUp() {
      var root = document.documentElement;
      return root.scrollHeight - (window.scrollY + window.innerHeight) > window.innerHeight / 2;
    }

    function updateJump() { jump.hidden = !scrolledUp(); }

    function settle() {
      retireStale();
      refreshTimes();
      showCopyButtons();
      armUndo();
      updateJump();
    }

    document.body.addEventListener("click", function (event) {
      var button = event.target.closest("button.copy");
      if (!button) { return; }
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = "Copied";
        button.classList.add("copied");
        window.setTimeout(function () { button.textContent = "Copy"; button.classList.remove("copied"); }, COPIED_MS);
      }, function () {
        button.textContent = "Copy failed";
      });
    });

    // A message sent means the cleared conversation is not coming back (the server ends the offer too).
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var source = event.detail.elt;
      if (event.detail.successful && (source.id === "chat-form" || source.matches("form.ask"))) {
        var offer = document.querySelector("#undo-clear .undo");
        if (offer) { offer.remove(); }
      }
    });

    jump.addEventListener("click", function () {
      window.scrollTo({top: document.documentElement.scrollHeight, behavior: "smooth"});
    });
    window.addEventListener("scroll", updateJump, {passive: true});
    box.addEventListener("input", updateCounter);
    document.body.addEventListener("htmx:afterSettle", settle);
    // A streamed answer's stored fragment arrives through the SSE extension's swap: htmx:load marks it.
    document.body.addEventListener("htmx:load", retireStale);
    window.setInterval(refreshTimes, 30 * 1000);
    updateCounter();
    settle();
  });
})();
