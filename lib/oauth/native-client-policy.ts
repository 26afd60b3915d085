/**
 * Dynamic Client Registration (RFC 7591) is open to public native clients only (the MCP clients on a developer's
 * machine: VS Code, Claude Code, Cursor): no client secret, and every redirect URI a loopback address (RFC 8252
 * §7.3) or a private-use URI scheme (§7.1). A web redirect would let anyone register a client that sends people's
 * codes to a server of their choosing; such a registration is refused with 400 `invalid_redirect_uri`.
 */
export type RegistrationRefusal = "oauth_redirect_not_native" | "oauth_client_not_public" | "oauth_client_keys_not_allowed";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);
/** Schemes that name no application of the user's and must never receive a code. */
const FORBIDDEN_SCHEMES = new Set(["javascript:", "data:", "file:", "vbscript:", "about:", "blob:", "ws:", "wss:", "ftp:", "mailto:"]);

export function isNativeRedirectUri(uri: string): boolean {
  const parsed = URL.parse(uri);
  if (!parsed || parsed.hash) return false;
  if (parsed.protocol === "http:") return LOOPBACK_HOSTS.has(parsed.hostname);
  if (parsed.protocol === "https:") return false;
  return !FORBIDDEN_SCHEMES.has(parsed.protocol) && /^[a-z][a-z0-9+.-]*:$/.test(parsed.protocol);
}

export function registrationRefusal(metadata: { redirect_uris?: unknown; token_endpoint_auth_method?: unknown; jwks?: unknown; jwks_uri?: unknown }): RegistrationRefusal | undefined {
  if (metadata.token_endpoint_auth_method !== "none") return "oauth_client_not_public";
  // A public client has no keys; a jwks_uri would also be a URL of the registrant's choosing for Gatehouse to fetch.
  if (metadata.jwks !== undefined || metadata.jwks_uri !== undefined) return "oauth_client_keys_not_allowed";
  const uris = metadata.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === "string" && isNativeRedirectUri(u))) return "oauth_redirect_not_native";
  return undefined;
}
