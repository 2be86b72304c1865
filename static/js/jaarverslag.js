// Polls the generation status of a jaarverslag and updates the <progress> and the aria-live text.
// Without JavaScript the page offers a "Vernieuwen" link instead. No inline script: CSP forbids it.
(function () {
  "use strict";
  const box = document.getElementById("jv-generatie");
  if (!box || box.dataset.lopend !== "1") {
    return;
  }
  const url = box.dataset.statusUrl;
  const text = document.getElementById("jv-status-tekst");
  const bar = document.getElementById("jv-voortgang");
  let delay = 1000;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (bar) {
          bar.hidden = false;
          bar.value = data.voortgang || 0;
        }
        if (data.klaar) {
          // Reload once so the files, the preview link and the retry button appear.
          window.location.reload();
          return;
        }
        text.textContent = data.label + ": " + (data.voortgang || 0) + "% klaar.";
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
