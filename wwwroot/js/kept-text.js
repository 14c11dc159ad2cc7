// Staff text boxes marked data-keep: every keystroke is also kept in this browser (localStorage), by page and box, so
// text typed while the connection was down, or lost to a reload, can be offered back. The listener is the browser's
// own: it keeps working when the server's connection has gone.
var prefix = "statushub:kept:";
var maxAgeMs = 24 * 60 * 60 * 1000;

function keyOf(id) {
  return prefix + location.pathname + "#" + id;
}

document.addEventListener("input", function (e) {
  var box = e.target;
  if (!box || !box.hasAttribute || !box.hasAttribute("data-keep") || !box.id) return;
  try {
    if (box.value.trim() === "") localStorage.removeItem(keyOf(box.id));
    else localStorage.setItem(keyOf(box.id), JSON.stringify({ at: new Date().toISOString(), text: box.value }));
  } catch (err) {
    // Storage full or blocked: nothing is kept, the form works as before.
  }
});

// What was kept for this box on this page, if it is recent; null otherwise.
export function read(id) {
  try {
    var kept = JSON.parse(localStorage.getItem(keyOf(id)) || "null");
    if (!kept || typeof kept.text !== "string" || Date.now() - Date.parse(kept.at) > maxAgeMs) return null;
    return kept;
  } catch (err) {
    return null;
  }
}

export function forget(id) {
  try { localStorage.removeItem(keyOf(id)); } catch (err) { /* nothing kept */ }
}
