import { randomBytes } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import type { OktaConnection, OktaUser } from "./seed";
import type { OktaSigningKey } from "./signing-key";

/**
 * Leg 1 of Enterprise-Managed Authorization at the org authorization server: RFC 8693 token exchange of an ID token
 * this org issued into an ID-JAG for a resource authorization server (draft-ietf-oauth-identity-assertion-authz-grant,
 * as Okta ships it): header `typ: oauth-id-jag+jwt`, RS256 with `kid`; claims iss, sub, aud (the resource AS's
 * issuer), client_id (the requesting app's id AT that AS), jti (`IDAAG.`…), iat, exp (300 s), resource, scope, email;
 * answered `token_type: N_A`. Errors are RFC 6749 §5.2 JSON with 400, in Okta's words.
 */
export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_JAG_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id-jag";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const ID_JAG_TYP = "oauth-id-jag+jwt";
export const ID_JAG_LIFETIME_SECONDS = 300;

export type OktaAnswer = { status: number; body: Record<string, unknown> };
export type ExchangeState = { origin: string; key: OktaSigningKey; users: OktaUser[]; connections: OktaConnection[]; now: () => Date };

const refuse = (error: string, description: string): OktaAnswer => ({ status: 400, body: { error, error_description: description } });

export async function exchangeForIdJag(state: ExchangeState, clientId: string, form: URLSearchParams): Promise<OktaAnswer> {
  if (form.get("requested_token_type") !== ID_JAG_TOKEN_TYPE) return refuse("invalid_request", "The 'requested_token_type' is invalid or not supported.");
  if (form.get("subject_token_type") !== ID_TOKEN_TYPE) return refuse("invalid_request", "The 'subject_token_type' is invalid or not supported.");
  const audience = form.get("audience");
  const subjectToken = form.get("subject_token");
  if (!audience || !subjectToken) return refuse("invalid_request", `The '${audience ? "subject_token" : "audience"}' parameter is required.`);

  // The subject token must be an ID token of this org, issued to the requesting app itself.
  let subject: string;
  try {
    const { payload } = await jwtVerify(subjectToken, state.key.publicJwk, { issuer: state.origin, audience: clientId, algorithms: ["RS256"], currentDate: state.now() });
    subject = String(payload.sub);
  } catch {
    return refuse("invalid_grant", "The subject token is invalid.");
  }
  const user = state.users.find((u) => u.id === subject);
  const connection = state.connections.find((c) => c.clientId === clientId && c.audience === audience);
  if (!user || !connection) return refuse("invalid_grant", "Audience validation failed");
  if (!connection.assigned.includes(user.id)) return refuse("invalid_grant", "The user is not assigned to the client application.");
  const resource = form.get("resource") ?? connection.resource;
  if (resource !== connection.resource) return refuse("invalid_target", "Resource mismatch");
  const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
  if (scopes.some((s) => !connection.scopes.includes(s))) return refuse("unauthorized_client", "Scope not permitted");

  const iat = Math.floor(state.now().getTime() / 1000);
  const idJag = await signIdJag(state.key, {
    iss: state.origin,
    sub: user.id,
    aud: audience,
    client_id: connection.resourceClientId,
    jti: `IDAAG.${randomBytes(32).toString("base64url")}`,
    iat,
    exp: iat + ID_JAG_LIFETIME_SECONDS,
    resource,
    ...(scopes.length ? { scope: scopes.join(" ") } : {}),
    email: user.email,
  });
  // Okta's answer: no refresh token, and no `scope` when it is what was asked.
  return { status: 200, body: { access_token: idJag, expires_in: ID_JAG_LIFETIME_SECONDS, issued_token_type: ID_JAG_TOKEN_TYPE, token_type: "N_A" } };
}

/** Signs an ID-JAG with the org's key; `header` overrides let hostile tests mint wrong ones with a real signature. */
export function signIdJag(key: OktaSigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: ID_JAG_TYP, ...header }).sign(key.privateKey);
}

/** The emulator's test grant (resource-owner password): an ID token for a seeded person, as SSO would give. */
export async function issueIdToken(state: ExchangeState, clientId: string, user: OktaUser): Promise<string> {
  const iat = Math.floor(state.now().getTime() / 1000);
  return new SignJWT({ sub: user.id, email: user.email, email_verified: true, name: user.name, iat, exp: iat + 3600, iss: state.origin, aud: clientId })
    .setProtectedHeader({ alg: "RS256", kid: state.key.kid })
    .sign(state.key.privateKey);
}
