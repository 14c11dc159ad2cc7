// Public pages: show times in the reader's zone, and pick up changes without a circuit or a full reload.
(function () {
  "use strict";

  function localiseTimes(root) {
    root.querySelectorAll("time[datetime][data-local]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when)) return;
      var dateOnly = el.getAttribute("data-local") === "date";
      el.textContent = dateOnly
        ? when.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })
        : when.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
      el.title = el.getAttribute("datetime");
    });
  }

  var version = null;
  var pollMs = 15000;

  function refresh() {
    fetch("status/live.json", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (live) {
        if (!live) return;
        if (version === null) { version = live.version; return; }
        if (live.version === version) return;
        version = live.version;
        return fetch(location.href, { cache: "no-store" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            if (!html) return;
            var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
            var current = document.querySelector("main");
            if (fresh && current) {
              current.innerHTML = fresh.innerHTML;
              localiseTimes(current);
              document.title = new DOMParser().parseFromString(html, "text/html").title || document.title;
            }
          });
      })
      .catch(function () { /* offline or server busy: try again at the next tick */ });
  }

  localiseTimes(document);
  refresh();
  setInterval(refresh, pollMs);
})();
