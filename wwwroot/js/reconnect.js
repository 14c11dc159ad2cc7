// Staff pages: the button of the reconnect notice (Components/Layout/ReconnectModal.razor). A file, because the
// Content-Security-Policy runs no inline script or handler.
document.getElementById("components-reconnect-reload")?.addEventListener("click", function () {
  location.reload();
});
