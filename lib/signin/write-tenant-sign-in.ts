import { and, eq, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, sessions, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { findEntraIdentityOwner } from "@/lib/auth/entra-identity-owner";
import { auditLabelOf, vouchedDomainOf, vouchedEmailOf, type OidcIdentity } from "@/lib/auth/oidc-identity";
import { newSessionValues, type NewSession } from "@/lib/auth/sessions";
import { firstActiveWorkspace, onlyInDisabledWorkspaces } from "@/lib/tenancy/workspace-access";
import type { Clock } from "@/lib/time/clock";
import { findWorkspaceForIdentity, joinAsMember } from "@/lib/tenancy/platform-membership";
import { removalFrom, type RemovedFrom } from "@/lib/tenancy/tenant-removals";
import { consumeAttempt } from "./attempts";
import { setSsoMembership } from "./set-sso-membership";
import { auditKindOf, GROUPS_UNRESOLVED_KIND, type OidcSignInMethod, type SignInWorkspace } from "./sign-in-method";
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
  | { ok: false; code: "attempt_used" | "tenant_disabled"; reference?: string }
  /** An admin removed the person from the workspace this sign-in leads to, and they belong to no other. */
  | { ok: false; code: "removed"; reference: string; workspace: RemovedFrom };

/**
 * Writes a completed OIDC sign-in in ONE transaction: the attempt is consumed, the identity's owner found (or a user
 * created and the identity linked with ON CONFLICT, so two simultaneous first sign-ins end as one user), name and
 * e-mail refreshed, the workspace joined or the role set, the session and the audit event written — all or nothing.
 * The identity is the immutable (provider, account id). Only an address the IdP vouches for becomes the user's
 * e-mail (and only while no other user holds it); an unvouched one is kept as `unverified_email`, blocks nobody and
 * never labels the person in the audit log. Someone an admin removed from the workspace the sign-in leads to is
 * not added back: the refusal is audited, and without another workspace no session is written.
 */
export async function writeTenantSignIn(db: Database, input: TenantSignInInput, clock: Clock): Promise<TenantSignInResult> {
  const now = clock.now();
  const session = newSessionValues(now);
  // The common case, a returning identity, costs one statement; anything else takes the general transaction.
  const returning = await writeReturningSignIn(db, { attempt: input.attempt, identity: input.identity, method: input.method, workspace: input.workspace, clientIp: input.clientIp, session }, clock);
  if (returning.applies) return returning.ok ? { ok: true, session, userId: returning.userId, tenantId: returning.tenantId, reference: returning.reference } : { ok: false, code: returning.code };
  const { identity } = input;
  const label = auditLabelOf(identity);
  const vouchedEmail = vouchedEmailOf(identity);
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

    const target = await targetWorkspace(tx, identity, input.workspace);
    const removed = userId && target ? await removalFrom(tx, target, userId) : undefined;
    if (userId && removed) {
      const reference = await recordAuditEvent(
        tx,
        { kind: auditKindOf(input.method), outcome: "failure", actor: { type: "user", id: userId, label }, tenantId: target, clientIp: input.clientIp, detail: { reason: "removed", provider: identity.provider } },
        clock,
      );
      if (!(await firstActiveWorkspace(tx, userId))) return { ok: false, code: "removed", reference, workspace: removed } as const;
    }

    if (userId) {
      await tx
        .update(users)
        .set({
          name: identity.name,
          // An unvouched claim never replaces a vouched address; it is shown apart, as unverified.
          ...(vouchedEmail ? { email: emailUnlessHeldByAnother(vouchedEmail, userId) } : {}),
          unverifiedEmail: vouchedEmail ? null : unverifiedUnlessSame(identity.email),
          lastSignInAt: now,
        })
        .where(eq(users.id, userId));
    } else {
      userId = await createUserWithIdentity(tx, identity, now);
    }

    const joined = target && !removed ? await joinWorkspace(tx, userId, target, input.workspace) : false;
    const tenantId = (removed ? null : target) ?? (await firstActiveWorkspace(tx, userId));
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
        detail: { provider: identity.provider, account: identity.providerAccountId, joinedTenant: joined },
      },
      clock,
    );
    if (input.workspace.kind === "role" && input.workspace.groupsUnresolved) {
      await recordAuditEvent(
        tx,
        {
          kind: GROUPS_UNRESOLVED_KIND,
          outcome: "failure",
          actor: { type: "user", id: userId, label },
          tenantId,
          clientIp: input.clientIp,
          detail: { reason: input.workspace.groupsUnresolved, provider: identity.provider, account: identity.providerAccountId, role: "kept" },
        },
        clock,
      );
    }
    return { ok: true, session, userId, tenantId, reference } as const;
  });
}

/** The workspace this sign-in leads to: the IdP's own workspace (tenant SSO), or the platform rule's pick. */
async function targetWorkspace(db: Database, identity: OidcIdentity, workspace: SignInWorkspace): Promise<string | null> {
  return workspace.kind === "role" ? workspace.tenantId : findWorkspaceForIdentity(db, identity);
}

async function joinWorkspace(db: Database, userId: string, tenantId: string, workspace: SignInWorkspace): Promise<boolean> {
  return workspace.kind === "role" ? setSsoMembership(db, userId, tenantId, workspace) : joinAsMember(db, userId, tenantId);
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
 * A new user for a new identity. A vouched e-mail goes in only if nobody holds it (ON CONFLICT on the address keeps
 * the transaction alive). The link is ON CONFLICT DO NOTHING: when a simultaneous first sign-in of the same
 * identity linked it first, the session goes to that user and the one created here, which holds nothing, is removed.
 */
async function createUserWithIdentity(db: Database, identity: OidcIdentity, now: Date): Promise<string> {
  const vouchedEmail = vouchedEmailOf(identity);
  const values = { name: identity.name, unverifiedEmail: vouchedEmail ? null : identity.email, createdAt: now, lastSignInAt: now };
  let [user] = vouchedEmail
    ? await db.insert(users).values({ ...values, email: vouchedEmail }).onConflictDoNothing({ target: users.email }).returning({ id: users.id })
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

/** The vouched address, unless another user holds it already (then the user keeps the address they had). */
function emailUnlessHeldByAnother(email: string, userId: string) {
  return sql`case when exists (select 1 from ${users} where ${users.email} = ${email} and ${ne(users.id, userId)}) then ${users.email} else ${email} end`;
}

/** The unvouched claim, unless the user's (vouched) e-mail is that very address already. */
function unverifiedUnlessSame(email: string | null) {
  if (!email) return null;
  return sql`case when ${users.email} = ${email} then null else ${email} end`;
}
