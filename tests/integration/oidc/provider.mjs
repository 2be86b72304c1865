// A real OpenID Connect provider for the SSO integration tests (tests/integration/test_sso_oidc.py), on the
// loopback only. node's `oidc-provider` (certified OpenID provider library) does discovery, JWKS, the code flow
// with PKCE, client authentication, signed ID tokens with nonce, amr and acr; only the login screen is ours:
// GET /interaction/:uid/login?email=E&amr=pwd,mfa&acr=X stands in for the person typing their password (and
// passing the IdP's own MFA when amr says so). Nothing here is ever deployed.
//
//   PORT=... CLIENT_ID=... CLIENT_SECRET=... REDIRECT_URI=... node provider.mjs
import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  }],
  // Accounts are whoever the test logs in as; the claims an IdP like Entra ID or Keycloak would give.
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: !id.startsWith("onbevestigd") };
      },
    };
  },
  // amr and acr in every ID token, as Entra ID and Keycloak send them.
  claims: { openid: ["sub", "acr", "amr", "auth_time"], email: ["email", "email_verified"], sid: null },
  acrValues: ["urn:test:loa:substantial", "urn:test:loa:low"],
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // A first-party client: no consent screen, the grant covers what was asked.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  cookies: { keys: ["synthetic-test-cookie-key-not-a-secret"] },
  pkce: { required: () => true },
});

// The login screen, reduced to its outcome.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (!match[2]) {
    ctx.type = "text/plain";
    ctx.body = `login needed for ${details.uid}`;
    return undefined;
  }
  const amr = (ctx.query.amr || "pwd").split(",").filter(Boolean);
  const login = { accountId: String(ctx.query.email), amr, remember: false };
  if (ctx.query.acr) login.acr = String(ctx.query.acr);
  return provider.interactionFinished(ctx.req, ctx.res, { login }, { mergeWithLastSubmission: false });
});

provider.listen(port, "127.0.0.1", () => console.log(`oidc-provider listening on ${issuer}`));
