import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, tenantMemberships, users } from "@/db/schema";
import { cleanEmail, cleanName } from "@/lib/auth/oidc-identity";
import { domainOfEmail } from "@/lib/domains/normalize-domain";
import { verifiedDomainsOf } from "@/lib/domains/tenant-domains";
import { joinAsMember } from "@/lib/tenancy/platform-membership";
import { removalFrom } from "@/lib/tenancy/tenant-removals";

/**
 * Who an ID-JAG's person is in the workspace its Okta org is bound to, provisioned on first use. The identity is
 * (iss, sub) — provider `okta`, account `<iss>#<sub>` in the identity-link table — never the e-mail. Someone not yet
 * a member is added as a member only when the assertion's `email` is on one of the workspace's verified domains
 * (the workspace proved it owns those addresses, and bound this org): Okta decides who gets an ID-JAG, the verified
 * domains bound whom it may bring in. The address becomes the user's e-mail only while nobody else holds it; it is
 * never used to find an existing user. Someone an admin removed is not added back. Runs inside the caller's
 * transaction.
 */
export const OKTA_PROVIDER = "okta";
export const oktaAccountId = (issuer: string, subject: string) => `${issuer}#${subject}`;

export type IdJagMember = { ok: true; userId: string; created: boolean; joined: boolean; label: string } | { ok: false; code: "id_jag_email_not_on_verified_domain" | "id_jag_member_removed"; userId?: string };

export async function resolveIdJagMember(
  tx: Database,
  input: { tenantId: string; issuer: string; subject: string; email: unknown; name: unknown },
  now: Date,
): Promise<IdJagMember> {
  const providerAccountId = oktaAccountId(input.issuer, input.subject);
  const email = cleanEmail(input.email);
  const label = email ?? providerAccountId;
  let userId = await ownerOf(tx, providerAccountId);
  if (userId) {
    if (await removalFrom(tx, input.tenantId, userId)) return { ok: false, code: "id_jag_member_removed", userId };
    const [member] = await tx.select({ role: tenantMemberships.role }).from(tenantMemberships).where(and(eq(tenantMemberships.tenantId, input.tenantId), eq(tenantMemberships.userId, userId)));
    if (member) {
      await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, userId));
      return { ok: true, userId, created: false, joined: false, label };
    }
  }
  const domain = email ? domainOfEmail(email) : undefined;
  if (!email || !domain || !(await verifiedDomainsOf(tx, input.tenantId)).includes(domain)) return { ok: false, code: "id_jag_email_not_on_verified_domain", userId };
  let created = false;
  if (!userId) {
    userId = await createUserWithOktaIdentity(tx, providerAccountId, email, cleanName(input.name) ?? email, now);
    created = true;
  }
  const joined = await joinAsMember(tx, userId, input.tenantId);
  return { ok: true, userId, created, joined, label };
}

async function ownerOf(db: Database, providerAccountId: string): Promise<string | undefined> {
  const [own] = await db.select({ userId: accounts.userId }).from(accounts).where(and(eq(accounts.provider, OKTA_PROVIDER), eq(accounts.providerAccountId, providerAccountId)));
  return own?.userId;
}

/** A new user linked to the identity; the e-mail only if free. A simultaneous first use that linked first wins. */
async function createUserWithOktaIdentity(db: Database, providerAccountId: string, email: string, name: string, now: Date): Promise<string> {
  const values = { name, createdAt: now, lastSignInAt: now };
  let [user] = await db.insert(users).values({ ...values, email }).onConflictDoNothing({ target: users.email }).returning({ id: users.id });
  user ??= (await db.insert(users).values({ ...values, unverifiedEmail: email }).returning({ id: users.id }))[0]!;
  const linked = await db.insert(accounts).values({ userId: user.id, type: "oidc", provider: OKTA_PROVIDER, providerAccountId, createdAt: now }).onConflictDoNothing().returning({ userId: accounts.userId });
  if (linked.length) return user.id;
  await db.delete(users).where(eq(users.id, user.id));
  return (await ownerOf(db, providerAccountId))!;
}
