// Staff pages: a double click acts once. The second click of a double click on a button, and a form sent again before the
// page has answered the first sending, never reach the page: the first already saved and cleared the form, so the second
// would save twice or answer "required" for the emptied box. The page has answered when it changes (the server's render
// of the outcome), or after a few seconds if nothing visible changed. Loaded before blazor.web.js, and listening on window
// in the capture phase, so it runs before Blazor's own listeners on the document.
const answerWaitMs = 3000;
const sent = new WeakSet();

window.addEventListener("click", function (event) {
  if (event.detail > 1 && event.target instanceof Element && event.target.closest("button, input[type=submit]")) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

window.addEventListener("submit", function (event) {
  const form = event.target;
  if (sent.has(form)) {
    event.preventDefault();
    event.stopImmediatePropagation();
    return;
  }

  sent.add(form);
  const answered = function () {
    sent.delete(form);
    observer.disconnect();
    clearTimeout(timer);
  };
  const observer = new MutationObserver(answered);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const timer = setTimeout(answered, answerWaitMs);
}, true);
