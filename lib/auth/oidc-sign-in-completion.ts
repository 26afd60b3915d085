import { and, eq, ne } from "drizzle-orm";
import type { Database } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { firstActiveWorkspace } from "@/lib/tenancy/workspace-access";
import type { Clock } from "@/lib/time/clock";
import { vouchedDomainOf, type OidcIdentity } from "./oidc-identity";

/**
 * The writes of an accepted OIDC sign-in, in the order Auth.js reaches them: a new user (when the account is new),
 * then the session. Name and e-mail are refreshed every time. An e-mail is stored on the user only while no other
 * user holds it: a second identity asserting someone else's address (the "nOAuth" takeover) becomes a separate user
 * with no e-mail, never the victim.
 */
export type WorkspaceRule = (db: Database, userId: string, identity: OidcIdentity) => Promise<{ tenantId: string | null; joined: boolean }>;

async function emailIfFree(db: Database, email: string | null, userId: string | null): Promise<string | null> {
  if (!email) return null;
  const [holder] = await db
    .select({ id: users.id })
    .from(users)
    .where(userId ? and(eq(users.email, email), ne(users.id, userId)) : eq(users.email, email));
  return holder ? null : email;
}

export async function createOidcUser(db: Database, identity: OidcIdentity, clock: Clock) {
  const values = { name: identity.name, email: await emailIfFree(db, identity.email, null), createdAt: clock.now() };
  try {
    const [user] = await db.insert(users).values(values).returning();
    return user!;
  } catch {
    // Another sign-in took the address between the check and the insert.
    const [user] = await db.insert(users).values({ ...values, email: null }).returning();
    return user!;
  }
}

export async function completeOidcSignIn(
  db: Database,
  input: {
    sessionToken: string;
    userId: string;
    expires: Date;
    identity: OidcIdentity;
    clientIp: string;
    auditKind: string;
    method: "microsoft" | "tenant_sso";
  },
  workspaceRule: WorkspaceRule,
  clock: Clock,
) {
  const { identity, userId } = input;
  await db
    .update(users)
    .set({ name: identity.name, email: await emailIfFree(db, identity.email, userId), lastSignInAt: clock.now() })
    .where(eq(users.id, userId));

  const workspace = await workspaceRule(db, userId, identity);
  const tenantId = workspace.tenantId ?? (await firstActiveWorkspace(db, userId));
  const [session] = await db
    .insert(sessions)
    .values({
      sessionToken: input.sessionToken,
      userId,
      expires: input.expires,
      tenantId,
      signInMethod: input.method,
      vouchedDomain: vouchedDomainOf(identity),
      createdAt: clock.now(),
    })
    .returning({ sessionToken: sessions.sessionToken, userId: sessions.userId, expires: sessions.expires });
  await recordAuditEvent(
    db,
    {
      kind: input.auditKind,
      outcome: "success",
      actor: { type: "user", id: userId, label: identity.email ?? identity.providerAccountId },
      tenantId,
      clientIp: input.clientIp,
      detail: { provider: identity.provider, account: identity.providerAccountId, joinedTenant: workspace.joined },
    },
    clock,
  );
  return session!;
}
