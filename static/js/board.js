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

  // Screen mode also pages through the whole board on a timer (<body data-page-seconds>),
  // a screen's height at a time, back to the top after the last page, and shows the time.
  // Arrow keys, Page Up/Down and the space bar turn pages by hand (no mouse needed); with
  // prefers-reduced-motion the page jumps instead of scrolling smoothly.
  var pageSeconds = parseInt(document.body.getAttribute("data-page-seconds"), 10);
  if (pageSeconds > 0) {
    startPaging(pageSeconds);
    startClock(document.body.getAttribute("data-time-zone") || undefined);
  }

  function startPaging(every) {
    var counter = document.getElementById("board-page");
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var page = 0;
    var timer = null;
    document.documentElement.classList.add("is-paging");

    // Page tops, in document pixels: each page starts with the first line (heading, row,
    // item) the page before did not show whole, so no line is cut in two between pages.
    function pageTops() {
      var head = document.querySelector(".board-head");
      var covered = head ? head.getBoundingClientRect().height : 0;
      var last = document.documentElement.scrollHeight - window.innerHeight;
      var lines = [];
      document.querySelectorAll("#board h2, #board h3, #board tr, #board li, #board p").forEach(function (element) {
        var box = element.getBoundingClientRect();
        if (box.height > 0) {  // not hidden
          lines.push({ top: box.top + window.scrollY, bottom: box.bottom + window.scrollY });
        }
      });
      var tops = [0];
      while (tops[tops.length - 1] < last && tops.length < 100) {
        var top = tops[tops.length - 1];
        var seenTo = top + window.innerHeight;
        var next = top + window.innerHeight - covered - 16;  // a screen on, if no line says otherwise
        var cut = lines.filter(function (line) { return line.bottom > seenTo + 1 && line.top - covered - 8 > top; });
        if (cut.length) {
          next = Math.min.apply(null, cut.map(function (line) { return line.top - covered - 8; }));
        }
        tops.push(Math.min(Math.max(next, top + 1), last));
      }
      return tops;
    }
    function show(number) {
      var tops = pageTops();
      var count = tops.length;
      page = ((number % count) + count) % count;
      window.scrollTo({ top: tops[page], left: 0, behavior: still ? "auto" : "smooth" });
      if (counter) {
        counter.hidden = count < 2;
        counter.textContent = (page + 1) + " / " + count;
        counter.setAttribute("data-page", String(page + 1));
      }
    }
    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { show(page + 1); schedule(); }, every * 1000);
    }
    document.addEventListener("keydown", function (event) {
      var keys = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
      if (event.key === "Home") {
        show(0);
      } else if (keys[event.key]) {
        show(page + keys[event.key]);
      } else {
        return;
      }
      event.preventDefault();
      schedule();  // a page turned by hand stays up for a whole interval
    });
    window.addEventListener("resize", function () { show(page); });
    show(0);
    schedule();
  }

  function startClock(timeZone) {
    var clock = document.getElementById("board-clock");
    if (!clock || !window.Intl) return;
    var lang = document.documentElement.lang || undefined;
    var day, time;
    try {
      day = new Intl.DateTimeFormat(lang, { timeZone: timeZone, month: "long", day: "numeric", weekday: "short" });
      time = new Intl.DateTimeFormat(lang, { timeZone: timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    } catch (error) {
      return;  // an unknown zone: the server's time stays, refreshed with the board
    }
    function tick() {
      var now = new Date();
      var strong = document.createElement("strong");
      strong.textContent = time.format(now);
      clock.textContent = day.format(now) + " ";
      clock.appendChild(strong);
      clock.setAttribute("datetime", now.toISOString());
      window.setTimeout(tick, 1000 - (now.getTime() % 1000) + 5);
    }
    tick();
  }

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
