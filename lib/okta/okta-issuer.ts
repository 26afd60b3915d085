/**
 * An Okta org issuer as an admin types it, checked before it is saved: an https URL of the org authorization server
 * (`https://<org>.okta.com`, no path), whose discovery document — fetched over HTTPS — names exactly that issuer.
 * A custom authorization server (`…/oauth2/<id>`) is refused: only the org server issues ID-JAGs (Cross App Access
 * apps cannot use custom authorization servers).
 */
export type OktaIssuerRefusal = "okta_issuer_invalid" | "okta_custom_authorization_server" | "okta_discovery_unreachable" | "okta_discovery_mismatch";
export type OktaIssuerCheck = { ok: true; issuer: string } | { ok: false; code: OktaIssuerRefusal; detail?: string };

export type DiscoveryFetch = (url: string, init?: RequestInit) => Promise<Response>;

const CUSTOM_SERVER_PATH = /^\/oauth2\/[^/]+\/?$/;

/** The issuer in its canonical form (no trailing slash), or the reason the input is not one. */
export function parseOktaIssuer(input: unknown): { ok: true; issuer: string } | { ok: false; code: OktaIssuerRefusal } {
  if (typeof input !== "string" || input.length > 300) return { ok: false, code: "okta_issuer_invalid" };
  const trimmed = input.trim();
  if (!URL.canParse(trimmed)) return { ok: false, code: "okta_issuer_invalid" };
  const url = new URL(trimmed);
  if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash || !url.hostname) return { ok: false, code: "okta_issuer_invalid" };
  if (CUSTOM_SERVER_PATH.test(url.pathname)) return { ok: false, code: "okta_custom_authorization_server" };
  if (url.pathname !== "/") return { ok: false, code: "okta_issuer_invalid" };
  return { ok: true, issuer: url.origin };
}

export async function checkOktaIssuer(input: unknown, fetchImpl: DiscoveryFetch): Promise<OktaIssuerCheck> {
  const parsed = parseOktaIssuer(input);
  if (!parsed.ok) return parsed;
  let document: { issuer?: unknown };
  try {
    const response = await fetchImpl(`${parsed.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000), headers: { accept: "application/json" }, redirect: "error" });
    if (!response.ok) return { ok: false, code: "okta_discovery_unreachable", detail: `HTTP ${response.status}` };
    document = (await response.json()) as { issuer?: unknown };
  } catch {
    return { ok: false, code: "okta_discovery_unreachable" };
  }
  if (document.issuer !== parsed.issuer) return { ok: false, code: "okta_discovery_mismatch", detail: String(document.issuer).slice(0, 200) };
  return { ok: true, issuer: parsed.issuer };
}
