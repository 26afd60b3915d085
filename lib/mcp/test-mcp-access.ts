import { expectedEntraIssuer } from "@/lib/entra/issuer";
import { isTenantGuid } from "@/lib/entra/tenant-ids";
import type { UserMessageCode } from "@/lib/errors/user-messages";
import type { IdpFetch } from "@/lib/signin/issuer-view";

/**
 * Test connection on the MCP access card: fetches the tenant's v2 discovery document from MS_AUTHORITY_HOST and
 * confirms that it names the issuer the gateway will require of tokens (`{authority}/{tid}/v2.0`). Exactly one
 * outcome: verified, unknown tenant (Entra's AADSTS90002 answer), issuer mismatch, or Microsoft unreachable.
 */
export type McpAccessTestResult = { ok: true; code: "mcp_test_verified" } | { ok: false; code: Extract<UserMessageCode, `mcp_test_${string}`> | "mcp_tenant_id_invalid" };

export async function testMcpAccess(input: { authorityHost: string; entraTenantId: string; fetch?: IdpFetch; timeoutMs?: number }): Promise<McpAccessTestResult> {
  if (!isTenantGuid(input.entraTenantId)) return { ok: false, code: "mcp_tenant_id_invalid" };
  const issuer = expectedEntraIssuer(input.authorityHost, input.entraTenantId);
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(`${issuer}/.well-known/openid-configuration`, {
      headers: { accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
    });
  } catch {
    return { ok: false, code: "mcp_test_unreachable" };
  }
  if (response.status >= 500) return { ok: false, code: "mcp_test_unreachable" };
  const body = (await response.json().catch(() => ({}))) as { issuer?: unknown; error_codes?: unknown; error?: unknown };
  if (response.status !== 200) {
    const unknownTenant = Array.isArray(body.error_codes) && body.error_codes.includes(90002);
    return { ok: false, code: unknownTenant || response.status === 400 ? "mcp_test_unknown_tenant" : "mcp_test_unreachable" };
  }
  return body.issuer === issuer ? { ok: true, code: "mcp_test_verified" } : { ok: false, code: "mcp_test_issuer_mismatch" };
}
