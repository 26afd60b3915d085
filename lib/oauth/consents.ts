import { and, desc, eq, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { oauthConsents, oauthModels, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";

/**
 * Remembered consents: what a person allowed a client, per (user, client). An authorization that asks for no more
 * (the same resource, scopes among those allowed) and acts for the same workspace is not asked again.
 */
export type Consent = {
  userId: string;
  clientId: string;
  tenantId: string | null;
  grantId: string;
  scopes: string[];
  resource: string;
  clientName: string | null;
};

export async function findConsent(db: Database, userId: string, clientId: string): Promise<Consent | undefined> {
  const [row] = await db.select().from(oauthConsents).where(and(eq(oauthConsents.userId, userId), eq(oauthConsents.clientId, clientId)));
  return row ? { ...row, scopes: row.scopes ? row.scopes.split(" ") : [] } : undefined;
}

export function consentCovers(consent: Consent, request: { scopes: string[]; resource: string; tenantId: string | null }): boolean {
  return consent.resource === request.resource && consent.tenantId === request.tenantId && request.scopes.every((s) => consent.scopes.includes(s));
}

export async function rememberConsent(db: Database, consent: Consent, clock: Clock): Promise<void> {
  const now = clock.now();
  const values = { ...consent, scopes: [...new Set(consent.scopes)].sort().join(" ") };
  await db
    .insert(oauthConsents)
    .values({ ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [oauthConsents.userId, oauthConsents.clientId],
      set: { tenantId: values.tenantId, grantId: values.grantId, scopes: values.scopes, resource: values.resource, clientName: values.clientName, updatedAt: now },
    });
}

/** The workspace a grant acts for: the access token's `workspace` claim. */
/**
 * What a person's access token says besides its subject: the workspace they consented for and the address Gatehouse
 * holds for them (the verified one of their user record, never a provider's unvouched claim), read at issuance.
 */
export async function tokenClaimsOfGrant(db: Database, grantId: string): Promise<{ workspace?: string; email?: string } | undefined> {
  const [row] = await db
    .select({ tenantId: oauthConsents.tenantId, email: users.email })
    .from(oauthConsents)
    .leftJoin(users, eq(users.id, oauthConsents.userId))
    .where(eq(oauthConsents.grantId, grantId));
  if (!row) return undefined;
  return { ...(row.tenantId ? { workspace: row.tenantId } : {}), ...(row.email ? { email: row.email } : {}) };
}

/** The person's connected apps, newest first ("Connected apps"). */
export async function listConsents(db: Database, userId: string): Promise<Array<Consent & { updatedAt: Date }>> {
  const rows = await db.select().from(oauthConsents).where(eq(oauthConsents.userId, userId)).orderBy(desc(oauthConsents.updatedAt));
  return rows.map((row) => ({ ...row, scopes: row.scopes ? row.scopes.split(" ") : [] }));
}

/**
 * Revokes what the person allowed a client, in one transaction: the consent, its grant and every token of the grant
 * (refresh tokens stop at once; an access token already issued expires within 15 minutes), audited.
 */
export async function revokeConsent(
  db: Database,
  person: { userId: string; clientIp: string | null },
  clientId: string,
  clock: Clock,
  /** Staff revoking for the person audit it as their own action (one event, naming them), in the same transaction. */
  options: { auditedByCaller?: boolean } = {},
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(oauthConsents)
      .where(and(eq(oauthConsents.userId, person.userId), eq(oauthConsents.clientId, clientId)))
      .returning({ grantId: oauthConsents.grantId, tenantId: oauthConsents.tenantId, clientName: oauthConsents.clientName });
    if (!removed) return false;
    await tx.delete(oauthModels).where(or(eq(oauthModels.grantId, removed.grantId), and(eq(oauthModels.model, "Grant"), eq(oauthModels.id, removed.grantId))));
    if (options.auditedByCaller) return true;
    await recordAuditEvent(
      tx as unknown as Database,
      { kind: "oauth.consent_revoked", outcome: "success", actor: { type: "user", id: person.userId }, tenantId: removed.tenantId, clientIp: person.clientIp, detail: { clientId, clientName: removed.clientName } },
      clock,
    );
    return true;
  });
}
