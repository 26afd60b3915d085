import { getDb } from "@/db/instance";
import { messageFor } from "@/lib/errors/user-messages";
import { provisioningTargetOf } from "@/lib/mcp/access-config";
import { commitProvisioningImport, previewProvisioningImport, type ImportPreview } from "@/lib/mcp/import-provisioned-users";
import { MAX_IMPORT_BYTES } from "@/lib/mcp/provisioning-csv";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { tenantAdminForApi } from "@/lib/web/current-user";
import { crossOriginRefusal, isSameOriginRequest } from "@/lib/web/same-origin";

export const dynamic = "force-dynamic";

/**
 * POST the CSV (`email,oid`) as the body: the preview with every row's errors; with `?commit=1`, the import, all or
 * nothing. A route handler rather than a server action: 10,000 rows exceed a server action's body limit.
 */
export async function POST(request: Request) {
  if (!isSameOriginRequest(request)) return crossOriginRefusal();
  const guard = await tenantAdminForApi();
  if ("response" in guard) return guard.response;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_IMPORT_BYTES) return Response.json({ error: "mcp_csv_too_large", message: messageFor("mcp_csv_too_large") }, { status: 413 });
  const csv = await request.text();
  const tenantId = guard.admin.tenant.id;
  if (new URL(request.url).searchParams.get("commit") === "1") {
    const target = await provisioningTargetOf(getDb(), tenantId);
    if (!target) return Response.json({ error: "mcp_provision_needs_config", message: messageFor("mcp_provision_needs_config") }, { status: 409 });
    const result = await commitProvisioningImport(getDb(), { target, actorId: guard.admin.id, clientIp: await getClientIp(), csv }, systemClock);
    if (result.ok) return Response.json({ imported: result.imported, message: messageFor("mcp_user_added") });
    return answer(result.preview, 422, messageFor("mcp_csv_has_errors"));
  }
  return answer(await previewProvisioningImport(getDb(), tenantId, csv), 200);
}

const SHOWN_ERRORS = 200;

function answer(preview: ImportPreview, status: number, message?: string): Response {
  if (!preview.ok) {
    const code = `mcp_csv_${preview.problem}` as const;
    return Response.json({ error: code, message: messageFor(code) }, { status: 400 });
  }
  const withErrors = preview.rows.filter((r) => r.errors.length > 0);
  return Response.json(
    {
      valid: preview.valid,
      invalid: preview.invalid,
      ...(message ? { message } : {}),
      errors: withErrors.slice(0, SHOWN_ERRORS).map((r) => ({ line: r.line, email: r.email, oid: r.oid, messages: r.errors.map((e) => messageFor(`mcp_csv_${e}`)) })),
    },
    { status, headers: { "cache-control": "no-store" } },
  );
}
