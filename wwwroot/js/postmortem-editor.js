// Staff post-mortem editor: every keystroke in a field whose id starts with "pm-" is also kept in this browser's
// localStorage, so text typed while the connection was down (and so never saved) can be restored on reopening.
function fieldsOf(form) {
  var fields = {};
  form.querySelectorAll("input[id^='pm-'], textarea[id^='pm-']").forEach(function (el) { fields[el.id] = el.value; });
  return fields;
}

export function keep(key, form) {
  if (!form || form.hasAttribute("data-kept")) return;
  form.setAttribute("data-kept", "");
  form.addEventListener("input", function () {
    try {
      localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), fields: fieldsOf(form) }));
    } catch (e) {
      // Storage full or blocked: the server copy is still saved as usual.
    }
  });
}

export function read(key) {
  try {
    var text = localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

// Forgets the local copy once the server holds the same text; anything typed since stays.
export function settle(key, saved) {
  var kept = read(key);
  if (!kept || !kept.fields) return;
  for (var id in kept.fields) {
    if (saved[id] !== kept.fields[id]) return;
  }
  localStorage.removeItem(key);
}

export function forget(key) {
  try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
}
