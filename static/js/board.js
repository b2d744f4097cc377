// The public board. Loaded only by the lobby screen mode and the poster; no inline script
// anywhere, so a Content-Security-Policy of script-src 'self' is enough.
//
// Screen mode (<body data-refresh="60">): every N seconds fetch the same URL and swap in the
// fresh <main id="board">. A plain reload (or <meta refresh>) would leave the browser's error
// page on the lobby screen after one network blip, until somebody walks by and reloads it;
// here the last good board stays up, marked as possibly stale, and the next attempt heals it.
// Once an hour a successful check is followed by a full reload, to pick up new CSS or JS.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-print]")) {
      window.print();
    }
  });

  var seconds = parseInt(document.body.getAttribute("data-refresh"), 10);
  if (!(seconds > 0)) {
    return;
  }
  var loadedAt = Date.now();
  var stale = document.querySelector(".board-stale");

  function later() {
    window.setTimeout(refresh, seconds * 1000);
  }

  if (!window.fetch || !window.DOMParser) {
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
    return;
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board");
    var current = document.getElementById("board");
    if (!fresh || !current) {
      throw new Error("no board in the response");
    }
    current.parentNode.replaceChild(document.importNode(fresh, true), current);
  }

  function refresh() {
    window.fetch(window.location.href, { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        if (Date.now() - loadedAt > 3600 * 1000) {
          window.location.reload();
          return;
        }
        return response.text().then(function (html) {
          swap(html);
          if (stale) { stale.hidden = true; }
          later();
        });
      })
      .catch(function () {
        if (stale) { stale.hidden = false; }
        later();
      });
  }

  later();
})();
