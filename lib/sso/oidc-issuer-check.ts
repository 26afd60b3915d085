/**
 * A generic OpenID Connect issuer is accepted only if its discovery document can be fetched and names exactly
 * that issuer (OpenID Connect Discovery §4.3): otherwise tokens from it could never be validated. Its token
 * endpoint is returned for Test connection.
 */
export async function checkOidcIssuer(
  issuerUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ ok: true; tokenEndpoint: string | null } | { ok: false; message: string }> {
  try {
    const response = await fetchImpl(`${issuerUrl}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000), headers: { accept: "application/json" } });
    if (!response.ok) return { ok: false, message: `The issuer's discovery document answered HTTP ${response.status}.` };
    const document = (await response.json()) as { issuer?: unknown; token_endpoint?: unknown };
    if (document.issuer !== issuerUrl) return { ok: false, message: `The discovery document names another issuer (${String(document.issuer).slice(0, 200)}).` };
    const tokenEndpoint = typeof document.token_endpoint === "string" && URL.canParse(document.token_endpoint) ? document.token_endpoint : null;
    return { ok: true, tokenEndpoint };
  } catch {
    return { ok: false, message: "The issuer's discovery document could not be fetched." };
  }
}
