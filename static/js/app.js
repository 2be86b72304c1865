// Small progressive enhancements; the app works without JavaScript.
// Buttons with data-confirm ask before submitting their form (no inline script: CSP forbids it).
document.addEventListener("submit", function (event) {
  const submitter = event.submitter;
  const message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
