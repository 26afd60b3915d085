import { randomBytes } from "node:crypto";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import type { TestConnectionResult } from "./test-connection";

/**
 * Test connection for a generic OpenID Connect issuer: discovery alone proves nothing about the client, so the
 * client's credentials are presented at the token endpoint with an authorization code that cannot be valid (random,
 * never issued). An issuer checks the client first (RFC 6749 §5.2): `invalid_client` means the ID or the secret
 * is wrong; `invalid_grant` means the client was authenticated and only the code was refused — the credentials work.
 */
export async function testOidcConnection(
  input: { tokenEndpoint: string; clientId: string; clientSecret: string; redirectUri: string; timeoutMs?: number },
  fetchImpl: typeof fetch = fetch,
): Promise<TestConnectionResult> {
  let response: Response;
  try {
    response = await fetchImpl(input.tokenEndpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: `gatehouse-connection-test-${randomBytes(16).toString("base64url")}`,
        redirect_uri: input.redirectUri,
        client_id: input.clientId,
        client_secret: input.clientSecret,
      }).toString(),
      signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
    });
  } catch {
    return { ok: false, code: "unreachable", message: USER_MESSAGES.sso_test_issuer_unreachable };
  }
  const body = (await response.json().catch(() => ({}))) as { error?: unknown; error_description?: unknown };
  const error = typeof body.error === "string" ? body.error.slice(0, 100) : "";
  if (error === "invalid_grant") return { ok: true, message: "Connection verified" };
  if (error === "invalid_client" || response.status === 401) return { ok: false, code: "secret_invalid", message: "Client secret is invalid" };
  const description = typeof body.error_description === "string" ? body.error_description.split(/\r?\n/)[0]!.slice(0, 300) : `HTTP ${response.status}`;
  return { ok: false, code: "other", message: `${error || "error"}: ${description}` };
}
