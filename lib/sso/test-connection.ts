import { isTenantGuid } from "@/lib/entra/tenant-ids";

/**
 * Test connection: a server-to-server client-credentials request to the tenant's own token endpoint, which proves
 * the directory exists, the app is registered in it and the secret is valid and current — without any user. The
 * outcome is one of the contract's messages; anything else shows Microsoft's own code and message.
 */
export type TestConnectionResult =
  | { ok: true; message: "Connection verified" }
  | { ok: false; code: "tenant_invalid" | "client_not_found" | "secret_invalid" | "secret_expired" | "unreachable" | "other"; message: string };

const KNOWN: Record<string, { code: Exclude<TestConnectionResult, { ok: true }>["code"]; message: string }> = {
  AADSTS90002: { code: "tenant_invalid", message: "Tenant ID is invalid" },
  AADSTS900023: { code: "tenant_invalid", message: "Tenant ID is invalid" },
  AADSTS700016: { code: "client_not_found", message: "Client ID was not found in this tenant" },
  AADSTS7000215: { code: "secret_invalid", message: "Client secret is invalid" },
  AADSTS7000222: { code: "secret_expired", message: "Client secret has expired" },
};

export async function testEntraConnection(input: {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}): Promise<TestConnectionResult> {
  if (!isTenantGuid(input.tenantId)) return { ok: false, code: "tenant_invalid", message: "Tenant ID is invalid" };
  let response: Response;
  try {
    response = await fetch(`${input.authorityHost}/${input.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: input.clientId,
        client_secret: input.clientSecret,
        scope: "https://graph.microsoft.com/.default",
      }),
      signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
    });
  } catch {
    return { ok: false, code: "unreachable", message: "Microsoft is unreachable, try again" };
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string; error_codes?: number[] };
  if (response.ok && body.access_token) return { ok: true, message: "Connection verified" };
  const aadsts = body.error_codes?.[0] !== undefined ? `AADSTS${body.error_codes[0]}` : /^(AADSTS\d+)/.exec(body.error_description ?? "")?.[1];
  if (aadsts && KNOWN[aadsts]) return { ok: false, ...KNOWN[aadsts] };
  const firstLine = (body.error_description ?? body.error ?? `HTTP ${response.status}`).split(/\r?\n/)[0]!.slice(0, 300);
  return { ok: false, code: "other", message: firstLine.startsWith("AADSTS") ? firstLine : `${body.error ?? "error"}: ${firstLine}` };
}
