// Chat page behaviour htmx does not cover: Enter to send, clearing and focusing the box, scrolling,
// showing a pending message and errors; page conveniences (page.js) live in their own file.
// No eval, no inline handlers: runs under a strict CSP.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    var form = document.getElementById("chat-form");
    var box = document.getElementById("message");
    var log = document.getElementById("messages");
    var errorArea = document.getElementById("chat-error");
    if (!form || !box) { return; }
    var pendingText = "";
    // Focus the box only where there is a mouse: on a touch screen focus opens the keyboard at once.
    var finePointer = window.matchMedia("(pointer: fine)").matches;
    function focusBox() { if (finePointer) { box.focus(); } }

    // Scroll the document (not the message) to its end: the sticky composer then sits below the
    // newest message instead of covering it.
    function scrollToEnd() {
      window.scrollTo(0, document.documentElement.scrollHeight);
    }

    function showError(text) {
      errorArea.textContent = "";
      var p = document.createElement("p");
      p.className = "error-text";
      p.textContent = text;
      errorArea.appendChild(p);
    }

    function removePending() {
      var pending = document.getElementById("pending-message");
      if (pending) { pending.remove(); }
    }

    function grow() {
      box.style.height = "auto";
      box.style.height = Math.min(box.scrollHeight, 160) + "px";
    }

    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (box.value.trim() && !form.classList.contains("htmx-request")) { form.requestSubmit(); }
      }
    });
    box.addEventListener("input", grow);

    // A streamed answer in progress (the SSE extension's element); a message sent meanwhile waits for it.
    var queued = null;
    function streaming() { return log.querySelector(".message.streaming"); }

    function sendQueued() {
      if (queued && !streaming()) {
        var next = queued;
        queued = null;
        if (next.button) { next.form.requestSubmit(next.button); } else { next.form.requestSubmit(); }
      }
    }

    // Stop: htmx.swap cleans the element up, which makes the SSE extension close its EventSource; the
    // server then stops reading the model and stores nothing of the turn.
    log.addEventListener("click", function (event) {
      var stop = event.target.closest(".stop-stream");
      if (!stop) { return; }
      htmx.swap(stop.closest(".message.streaming"),
        '<p class="error-text stream-stopped" role="status">Stopped. Nothing of this answer was saved.</p>',
        {swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0});
      focusBox();
    });

    // After a `done` or `error` swap or a Stop, the stream's element is gone: send what waited.
    document.body.addEventListener("htmx:sseClose", function () { window.setTimeout(sendQueued, 0); });

    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var source = event.detail.elt;
      var config = event.detail.requestConfig;
      if (streaming() && (source === form || source.matches("form.ask"))) {
        event.preventDefault();
        // An ask form may hold several buttons: send it again with the one that was clicked.
        queued = {form: source, button: config.triggeringEvent && config.triggeringEvent.submitter};
        return;
      }
      errorArea.textContent = "";
      var suggested = source !== form && source.matches("form.ask") ? config.formData.get("message") || "" : "";
      var text = source === form ? box.value.trim() : suggested.trim();
      if (!text) { return; }
      pendingText = source === form ? box.value : "";
      var bubble = document.createElement("div");
      bubble.id = "pending-message";
      bubble.className = "message pending";
      bubble.setAttribute("aria-hidden", "true");
      var p = document.createElement("p");
      p.className = "bubble";
      p.textContent = text;
      bubble.appendChild(p);
      log.appendChild(bubble);
      if (source === form) { box.value = ""; grow(); }
      scrollToEnd();
    });

    document.body.addEventListener("htmx:afterRequest", function (event) {
      removePending();
      if (!event.detail.successful && pendingText && !box.value) { box.value = pendingText; grow(); }
      pendingText = "";
      focusBox();
    });

    document.body.addEventListener("htmx:sendError", function () {
      showError("Can't reach the server. Check your connection; your message is still in the box.");
    });

    // Our own error answers say where they go (HX-Retarget: the error area); any other error body
    // (a proxy's 502 page, say) must never land in the conversation: show a message instead.
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      if (event.detail.isError && !event.detail.xhr.getResponseHeader("HX-Retarget")) {
        event.detail.shouldSwap = false;
      }
    });

    document.body.addEventListener("htmx:responseError", function (event) {
      if (!errorArea.textContent.trim()) {
        showError("Something went wrong on our side (" + event.detail.xhr.status + "). Please try again.");
      }
    });

    document.body.addEventListener("htmx:afterSwap", scrollToEnd);
    scrollToEnd();
    focusBox();
  });
})();
