import { and, eq, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, sessions, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { findEntraIdentityOwner } from "@/lib/auth/entra-identity-owner";
import { vouchedDomainOf, type OidcIdentity } from "@/lib/auth/oidc-identity";
import { newSessionValues, type NewSession } from "@/lib/auth/sessions";
import { firstActiveWorkspace, onlyInDisabledWorkspaces } from "@/lib/tenancy/workspace-access";
import type { Clock } from "@/lib/time/clock";
import { findWorkspaceForIdentity, joinAsMember } from "@/lib/tenancy/platform-membership";
import { setMembershipRole } from "@/lib/tenancy/set-membership-role";
import { consumeAttempt } from "./attempts";
import { auditKindOf, type OidcSignInMethod, type SignInWorkspace } from "./sign-in-method";
import { writeReturningSignIn } from "./write-returning-sign-in";

export type TenantSignInInput = {
  attempt: { id: string; providerId: string };
  identity: OidcIdentity;
  method: OidcSignInMethod;
  workspace: SignInWorkspace;
  clientIp: string;
  /** The workspace a refusal is audited under (tenant SSO), when known before the user is. */
  auditTenantId?: string;
};

export type TenantSignInResult =
  | { ok: true; session: NewSession; userId: string; tenantId: string | null; reference: string }
  | { ok: false; code: "attempt_used" | "tenant_disabled"; reference?: string };

/**
 * Writes a completed OIDC sign-in in ONE transaction: the attempt is consumed, the identity's owner found (or a user
 * created and the identity linked with ON CONFLICT, so two simultaneous first sign-ins end as one user), name and
 * e-mail refreshed, the workspace joined or the role set, the session and the audit event written — all or nothing.
 * The identity is the immutable (provider, account id); an e-mail is display data, stored only while no other user
 * holds it (a second identity asserting someone else's address never becomes them).
 */
export async function writeTenantSignIn(db: Database, input: TenantSignInInput, clock: Clock): Promise<TenantSignInResult> {
  const now = clock.now();
  const session = newSessionValues(now);
  // The common case, a returning identity, costs one statement; anything else takes the general transaction.
  const returning = await writeReturningSignIn(db, { attempt: input.attempt, identity: input.identity, method: input.method, workspace: input.workspace, clientIp: input.clientIp, session }, clock);
  if (returning.applies) return returning.ok ? { ok: true, session, userId: returning.userId, tenantId: returning.tenantId, reference: returning.reference } : { ok: false, code: returning.code };
  const { identity } = input;
  const label = identity.email ?? identity.providerAccountId;
  return db.transaction(async (tx) => {
    if (!(await consumeAttempt(tx, { ...input.attempt, now }))) return { ok: false, code: "attempt_used" } as const;

    let userId = await ownerOf(tx, identity);
    if (userId && (await onlyInDisabledWorkspaces(tx, userId))) {
      const reference = await recordAuditEvent(
        tx,
        { kind: auditKindOf(input.method), outcome: "failure", actor: { type: "anonymous", label }, tenantId: input.auditTenantId, clientIp: input.clientIp, detail: { reason: "tenant_disabled" } },
        clock,
      );
      return { ok: false, code: "tenant_disabled", reference } as const;
    }

    if (userId) {
      await tx
        .update(users)
        .set({ name: identity.name, email: emailUnlessHeldByAnother(identity.email, userId), lastSignInAt: now })
        .where(eq(users.id, userId));
    } else {
      userId = await createUserWithIdentity(tx, identity, now);
    }

    const workspace = await joinWorkspace(tx, userId, identity, input.workspace);
    const tenantId = workspace.tenantId ?? (await firstActiveWorkspace(tx, userId));
    await tx.insert(sessions).values({
      ...session,
      userId,
      tenantId,
      signInMethod: input.method,
      vouchedDomain: vouchedDomainOf(identity),
      createdAt: now,
    });
    const reference = await recordAuditEvent(
      tx,
      {
        kind: auditKindOf(input.method),
        outcome: "success",
        actor: { type: "user", id: userId, label },
        tenantId,
        clientIp: input.clientIp,
        detail: { provider: identity.provider, account: identity.providerAccountId, joinedTenant: workspace.joined },
      },
      clock,
    );
    return { ok: true, session, userId, tenantId, reference } as const;
  });
}

async function joinWorkspace(db: Database, userId: string, identity: OidcIdentity, workspace: SignInWorkspace): Promise<{ tenantId: string | null; joined: boolean }> {
  if (workspace.kind === "role") return { tenantId: workspace.tenantId, joined: await setMembershipRole(db, userId, workspace.tenantId, workspace.role) };
  const tenantId = await findWorkspaceForIdentity(db, identity);
  return { tenantId, joined: tenantId ? await joinAsMember(db, userId, tenantId) : false };
}

/** The user holding this identity: its own account, or the same Entra (tid, oid) through another Entra app. */
async function ownerOf(db: Database, identity: OidcIdentity): Promise<string | undefined> {
  const [own] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerAccountId, identity.providerAccountId)));
  if (own) return own.userId;
  return (await findEntraIdentityOwner(db, identity.provider, identity.providerAccountId))?.id;
}

/**
 * A new user for a new identity. The e-mail goes in only if nobody holds it (ON CONFLICT on the address keeps
 * the transaction alive). The link is ON CONFLICT DO NOTHING: when a simultaneous first sign-in of the same
 * identity linked it first, the session goes to that user and the one created here, which holds nothing, is removed.
 */
async function createUserWithIdentity(db: Database, identity: OidcIdentity, now: Date): Promise<string> {
  const values = { name: identity.name, createdAt: now, lastSignInAt: now };
  let [user] = identity.email
    ? await db.insert(users).values({ ...values, email: identity.email }).onConflictDoNothing({ target: users.email }).returning({ id: users.id })
    : [];
  user ??= (await db.insert(users).values(values).returning({ id: users.id }))[0]!;
  const linked = await db
    .insert(accounts)
    .values({ userId: user.id, type: "oidc", provider: identity.provider, providerAccountId: identity.providerAccountId, createdAt: now })
    .onConflictDoNothing()
    .returning({ userId: accounts.userId });
  if (linked.length) return user.id;
  const holder = await ownerOf(db, identity);
  await db.delete(users).where(eq(users.id, user.id));
  return holder!;
}

function emailUnlessHeldByAnother(email: string | null, userId: string) {
  if (!email) return null;
  return sql`case when exists (select 1 from ${users} where ${users.email} = ${email} and ${ne(users.id, userId)}) then null else ${email} end`;
}
