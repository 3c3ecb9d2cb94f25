// Staff editing pages (issue 18): a warning before the signed-in session ends, with "Stay signed in", and the
// part's values saved into the person's draft every few seconds while they type. The pages work without it:
// they say when the session ends, and each part's Save keeps its values in the draft.
(function () {
  "use strict";
  var dialog = document.getElementById("session-warning");
  var form = document.getElementById("part-form");
  var status = document.getElementById("autosave-status");
  var csrf = dialog ? dialog.getAttribute("data-csrf") : "";

  // -- the timeout warning --------------------------------------------------------------------------------
  if (dialog && typeof dialog.showModal === "function") {
    var idle = parseInt(dialog.getAttribute("data-idle"), 10) * 1000;
    var warnBefore = parseInt(dialog.getAttribute("data-warn-before"), 10) * 1000;
    var stayButton = document.getElementById("stay-signed-in");
    var warnTimer = null;
    var endTimer = null;
    var opener = null;

    var schedule = function () {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(warn, Math.max(0, idle - warnBefore));
      endTimer = setTimeout(ended, idle);
    };
    var warn = function () {
      opener = document.activeElement;
      if (!dialog.open) {
        dialog.showModal();
      }
      stayButton.focus();
    };
    var ended = function () {
      // signed out: no dialog in the way; the page says so, and its Save still keeps what was typed
      if (dialog.open) {
        dialog.close();
      }
      var notice = document.getElementById("session-notice");
      if (notice) {
        notice.textContent = document.getElementById("session-warning-ended").textContent;
        notice.setAttribute("role", "status");
      }
    };
    stayButton.addEventListener("click", function () {
      fetch(dialog.getAttribute("data-stay-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf },
      }).then(function (response) {
        if (response.status === 204) {
          dialog.close();
          schedule();
          if (opener && opener.focus) {
            opener.focus();
          }
        } else {
          ended();
        }
      });
    });
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape means "stay", as the button does
      stayButton.click();
    });
    schedule();
  }

  // -- autosave into the draft ----------------------------------------------------------------------------
  if (form && window.fetch && window.FormData) {
    var url = form.getAttribute("data-autosave-url");
    var every = parseInt(form.getAttribute("data-autosave-seconds"), 10) * 1000;
    var changed = false;
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    var send = function () {
      if (!changed) {
        return;
      }
      changed = false;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf },
        body: new FormData(form),
      }).then(function (response) {
        if (!status) {
          return;
        }
        if (response.status === 204) {
          var now = new Date();
          var time = String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
          status.textContent = (status.getAttribute("data-saved") || "Draft saved at {time}").replace("{time}", time);
        }
      });
    };
    setInterval(send, every);
  }
})();
