// Passkeys (WebAuthn) as a second factor: enrol on the profile or set-up page, use on the verification page.
// A static file because the CSP forbids inline script. The server side is django-otp-webauthn's JSON views
// (accounts/passkeys.py); this file only turns their options into navigator.credentials calls and back.
// Markup: <form data-passkey="registreren|verifieren" data-begin="URL" data-complete="URL" data-next="URL">
//           {% csrf_token %}<button type="submit">…</button><p role="status" data-passkey-status></p></form>
(function () {
  "use strict";

  function fromB64url(value) {
    const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); }).buffer;
  }

  function toB64url(buffer) {
    let text = "";
    new Uint8Array(buffer).forEach(function (b) { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (d) { return Object.assign({}, d, {id: fromB64url(d.id)}); });
  }

  async function post(form, url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json",
                "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value},
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(function () { return {}; });
    if (!response.ok) { throw new Error(data.detail || String(response.status)); }
    return data;
  }

  async function registreren(form) {
    const options = await post(form, form.dataset.begin);
    options.challenge = fromB64url(options.challenge);
    options.user.id = fromB64url(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    const credential = await navigator.credentials.create({publicKey: options});
    const r = credential.response;
    return post(form, form.dataset.complete, {
      id: credential.id, rawId: toB64url(credential.rawId), type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: {clientDataJSON: toB64url(r.clientDataJSON), attestationObject: toB64url(r.attestationObject),
                 transports: r.getTransports ? r.getTransports() : []},
    });
  }

  async function verifieren(form) {
    const options = await post(form, form.dataset.begin);
    options.challenge = fromB64url(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    const credential = await navigator.credentials.get({publicKey: options});
    const r = credential.response;
    return post(form, form.dataset.complete, {
      id: credential.id, rawId: toB64url(credential.rawId), type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: {clientDataJSON: toB64url(r.clientDataJSON), authenticatorData: toB64url(r.authenticatorData),
                 signature: toB64url(r.signature), userHandle: r.userHandle ? toB64url(r.userHandle) : null},
    });
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    const status = form.querySelector("[data-passkey-status]");
    if (!window.PublicKeyCredential) {
      status.textContent = form.dataset.unsupported;
      form.querySelector("button").disabled = true;
      return;
    }
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      status.textContent = form.dataset.busy;
      try {
        await (form.dataset.passkey === "registreren" ? registreren(form) : verifieren(form));
        window.location.assign(form.dataset.next);
      } catch (error) {
        status.textContent = form.dataset.failed;
      }
    });
  });
})();
