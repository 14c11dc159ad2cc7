// Public pages: show times in the reader's zone, and pick up changes without a circuit or a full reload.
(function () {
  "use strict";

  var pollMs = 15000;
  // Beside this script's own URL: /status/live.json on the live site, and the copy's own file in a static export
  // served from any folder (only the current script knows where it was loaded from, so ask now).
  var liveUrl = new URL("../status/live.json", document.currentScript.src).href;
  // A "date" is a day of the page's calendar (a bar cell, a past-incidents day), written "2026-12-05", which Date reads as
  // that day's UTC midnight: shown in UTC, it stays that day, never shifted into the reader's zone.
  var dateOptions = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" };
  var timeOptions = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
  // The page's own language (StatusPage:Language), not the browser's: the words around a date are in it too.
  var language = document.documentElement.lang || undefined;

  function localiseTimes(root) {
    root.querySelectorAll("time[datetime][data-local]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when)) return;
      el.textContent = el.getAttribute("data-local") === "date"
        ? when.toLocaleDateString(language, dateOptions)
        : when.toLocaleString(language, timeOptions);
      el.title = el.getAttribute("datetime");
    });
  }

  var version = (document.querySelector("main") || document.body).getAttribute("data-version");
  var busy = false;

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var next = fresh.querySelector("main");
    var current = document.querySelector("main");
    if (!next || !current) return;
    // Keep the groups the reader opened or closed as they were.
    current.querySelectorAll("details[data-group-id]").forEach(function (d) {
      var twin = next.querySelector('details[data-group-id="' + d.getAttribute("data-group-id") + '"]');
      if (twin) twin.open = d.open;
    });
    localiseTimes(next);
    current.innerHTML = next.innerHTML;
    version = next.getAttribute("data-version");
    document.title = fresh.title || document.title;
  }

  function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    fetch(liveUrl, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (live) {
        if (!live || live.version === version) return;
        return fetch(location.href, { cache: "no-store" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html) swap(html); });
      })
      .catch(function () { /* offline or server busy: try again at the next tick */ })
      .then(function () { busy = false; });
  }

  localiseTimes(document);
  setInterval(refresh, pollMs);
  document.addEventListener("visibilitychange", refresh);
})();
