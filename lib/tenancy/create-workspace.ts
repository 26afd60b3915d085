import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { sessions, tenantMemberships, tenants } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import { cleanWorkspaceName } from "./workspace-name";

/**
 * A person who signed in with Microsoft but belongs to no workspace creates their own and becomes its admin; the
 * session they are in switches to it. The workspace is not linked to their Entra directory: one member of a
 * directory cannot claim it for everyone (staff link directories and verify domains).
 */
export async function createWorkspace(
  db: Database,
  input: { userId: string; sessionToken: string; name: unknown; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; tenantId: string } | { ok: false; code: "workspace_name_invalid" }> {
  const name = cleanWorkspaceName(input.name);
  if (!name) return { ok: false, code: "workspace_name_invalid" };

  const tenantId = await db.transaction(async (tx) => {
    const [tenant] = await tx.insert(tenants).values({ key: tenantKeyFor(name), name, createdAt: clock.now() }).returning({ id: tenants.id });
    await tx.insert(tenantMemberships).values({ userId: input.userId, tenantId: tenant!.id, role: "admin", createdAt: clock.now() });
    await tx.update(sessions).set({ tenantId: tenant!.id }).where(eq(sessions.sessionToken, input.sessionToken));
    return tenant!.id;
  });
  await recordAuditEvent(
    db,
    { kind: "tenant.created", outcome: "success", actor: { type: "user", id: input.userId }, tenantId, clientIp: input.clientIp, detail: { name } },
    clock,
  );
  return { ok: true, tenantId };
}

/** An immutable, URL-safe key: a readable slug of the name plus a random suffix so that keys never collide. */
export function tenantKeyFor(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24)
    .replace(/-+$/g, "");
  const suffix = randomBytes(5).toString("hex").slice(0, 6);
  return slug.length >= 2 ? `${slug}-${suffix}` : `ws-${suffix}`;
}
