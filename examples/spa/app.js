// A single-page app signing in with Gatehouse as a public OAuth client: authorization code + PKCE (S256), the
// access/refresh pair from the token endpoint (which allows this origin by CORS for public clients), tokens kept
// in memory only. The only credential a URL ever carries is the one-time authorization code, removed from the
// address bar before it is exchanged.
const $ = (id) => document.getElementById(id);
const config = await (await fetch("/config.json")).json();
const redirectUri = `${location.origin}/`;
let tokens = null;

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

async function metadata() {
  const answer = await fetch(`${config.issuer}/.well-known/oauth-authorization-server`);
  if (!answer.ok) throw new Error(`Gatehouse's metadata answered ${answer.status}`);
  return answer.json();
}

async function signIn() {
  const { authorization_endpoint } = await metadata();
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem("pkce", JSON.stringify({ verifier, state }));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "mcp",
    state,
    code_challenge: base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))),
    code_challenge_method: "S256",
    resource: config.resource,
  }).toString();
  location.assign(url);
}

async function tokenGrant(fields) {
  const { token_endpoint } = await metadata();
  const answer = await fetch(token_endpoint, { method: "POST", body: new URLSearchParams({ client_id: config.clientId, ...fields }) });
  const body = await answer.json();
  if (!answer.ok) throw new Error(`The token endpoint refused: ${body.error_description ?? body.error}`);
  return body;
}

/** Back from Gatehouse with `?code=…&state=…&iss=…`: check, clear the address bar, exchange the code. */
async function completeSignIn(params) {
  const pending = JSON.parse(sessionStorage.getItem("pkce") ?? "null");
  sessionStorage.removeItem("pkce");
  history.replaceState(null, "", "/");
  if (params.get("error")) throw new Error(`Sign-in did not complete: ${params.get("error")}`);
  if (!pending || params.get("state") !== pending.state) throw new Error("This sign-in was not started here.");
  if (params.get("iss") !== config.issuer) throw new Error("The answer did not come from Gatehouse.");
  tokens = await tokenGrant({ grant_type: "authorization_code", code: params.get("code"), redirect_uri: redirectUri, code_verifier: pending.verifier });
}

/** Who is signed in, from an API called with the access token in the Authorization header. */
async function showPerson() {
  const answer = await fetch("/api/whoami", { method: "POST", headers: { authorization: `Bearer ${tokens.access_token}` } });
  if (!answer.ok) throw new Error(`The API answered ${answer.status}`);
  const person = await answer.json();
  $("subject").textContent = person.subject;
  $("workspace").textContent = person.workspace;
  $("scope").textContent = person.scope;
  $("status").textContent = "Signed in.";
  $("person").hidden = false;
  $("sign-in").hidden = true;
  $("refresh").hidden = false;
  $("sign-out").hidden = false;
}

async function run(step) {
  $("error").textContent = "";
  try {
    await step();
  } catch (error) {
    $("error").textContent = error.message;
  }
}

$("sign-in").addEventListener("click", () => run(signIn));
$("refresh").addEventListener("click", () =>
  run(async () => {
    tokens = await tokenGrant({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
    await showPerson();
    $("status").textContent = "Signed in. Tokens refreshed.";
  }),
);
$("sign-out").addEventListener("click", () =>
  run(async () => {
    // The refresh token is revoked at Gatehouse; the access token lapses within its 15 minutes.
    const { revocation_endpoint } = await metadata();
    await fetch(revocation_endpoint, { method: "POST", body: new URLSearchParams({ client_id: config.clientId, token: tokens.refresh_token, token_type_hint: "refresh_token" }) });
    tokens = null;
    $("status").textContent = "Signed out.";
    $("person").hidden = true;
    $("sign-in").hidden = false;
    $("refresh").hidden = true;
    $("sign-out").hidden = true;
  }),
);

const params = new URLSearchParams(location.search);
if (params.has("code") || params.has("error"))
  await run(async () => {
    await completeSignIn(params);
    await showPerson();
  });
