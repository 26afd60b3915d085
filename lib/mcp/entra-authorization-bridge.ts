import type { IdpFetch } from "@/lib/signin/issuer-view";
import type { McpAccessConfig } from "./access-config";
import { workspaceIssuer } from "./mcp-urls";

/**
 * A workspace's OAuth authorization server for MCP clients, in front of its Entra directory — what the seed builds
 * with API Management, without it:
 *  - metadata (RFC 8414) whose `issuer` is identical to the URL it was fetched from, stating what Entra's own
 *    metadata lacks and strict MCP clients refuse to proceed without: `code_challenge_methods_supported: ["S256"]`;
 *  - authorize: a 302 to the directory's Entra authorize endpoint (Microsoft's sign-in page cannot be proxied);
 *  - token: the form forwarded to the directory's Entra token endpoint, and Entra's answer returned intact.
 * Both drop the RFC 8707 `resource` parameter, which Entra's v2 endpoint refuses (AADSTS9010010) when it and the
 * v2 scopes disagree; the API is named by the scope (`api://<audience>/<scope>`) instead.
 */
export function authorizationServerMetadata(origin: string, workspaceKey: string, access: McpAccessConfig) {
  const issuer = workspaceIssuer(origin, workspaceKey);
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    response_types_supported: ["code"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none", "client_secret_post", "client_secret_basic"],
    scopes_supported: [`api://${access.audience}/${access.requiredScope}`, "openid", "profile", "offline_access"],
  };
}

function entraEndpoint(authorityHost: string, access: McpAccessConfig, name: "authorize" | "token"): string {
  return `${authorityHost}/${access.entraTenantId}/oauth2/v2.0/${name}`;
}

/** Where the browser goes: Entra's authorize endpoint with the client's parameters, less `resource`. */
export function entraAuthorizeLocation(authorityHost: string, access: McpAccessConfig, query: URLSearchParams): string {
  const params = new URLSearchParams(query);
  params.delete("resource");
  return `${entraEndpoint(authorityHost, access, "authorize")}?${params}`;
}

export type ForwardedAnswer = { status: number; contentType: string; body: string };

/** The token request as Entra should see it (less `resource`), and Entra's answer as the client should see it. */
export async function forwardTokenRequest(
  fetch: IdpFetch,
  authorityHost: string,
  access: McpAccessConfig,
  request: { body: string; authorization?: string },
): Promise<ForwardedAnswer> {
  const form = new URLSearchParams(request.body);
  form.delete("resource");
  const response = await fetch(entraEndpoint(authorityHost, access, "token"), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      ...(request.authorization ? { authorization: request.authorization } : {}),
    },
    body: form.toString(),
    redirect: "manual",
  });
  return { status: response.status, contentType: response.headers.get("content-type") ?? "application/json", body: await response.text() };
}
