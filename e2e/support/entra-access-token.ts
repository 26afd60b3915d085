import { createHash, randomBytes } from "node:crypto";
import { formBody, httpsFetch } from "../entra-emulator/https-client";
import { signInThroughAccountPicker } from "../entra-emulator/sign-in-client";

/**
 * An access token for an API, obtained from a started Entra emulator the way an MCP client gets one: authorization
 * code with PKCE at the directory's endpoints, the person chosen on the account picker, the code redeemed.
 * `scope` names the API, e.g. `api://<client id>/mcp.access`.
 */
export type AccessTokenRequest = {
  emulator: { url: string; caPem: string };
  tenant: string;
  oid: string;
  scope: string;
  client: { id: string; secret?: string; redirectUri: string };
};

export async function entraAccessToken(request: AccessTokenRequest): Promise<string> {
  const { emulator, tenant, oid, scope, client } = request;
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(`${emulator.url}/${tenant}/oauth2/v2.0/authorize`);
  for (const [name, value] of Object.entries({
    client_id: client.id,
    response_type: "code",
    redirect_uri: client.redirectUri,
    scope,
    state: randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }))
    authorize.searchParams.set(name, value);
  const outcome = await signInThroughAccountPicker({ authorizeUrl: authorize.toString(), oid, caPem: emulator.caPem });
  const code = outcome.kind === "redirect" ? outcome.params.get("code") : null;
  if (!code) throw new Error(`The emulator gave no code: ${JSON.stringify(outcome).slice(0, 500)}`);
  const form = formBody({
    grant_type: "authorization_code",
    client_id: client.id,
    ...(client.secret ? { client_secret: client.secret } : {}),
    code,
    redirect_uri: client.redirectUri,
    code_verifier: verifier,
    scope,
  });
  const response = await httpsFetch(`${emulator.url}/${tenant}/oauth2/v2.0/token`, { method: "POST", ca: emulator.caPem, body: form.body, headers: form.headers });
  if (response.status !== 200) throw new Error(`The token request failed: ${response.status} ${response.body}`);
  return (JSON.parse(response.body) as { access_token: string }).access_token;
}
