import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { newReference } from "@/lib/audit/record-audit-event";
import { storableText } from "@/lib/audit/storable";
import { auditLabelOf, vouchedDomainOf, vouchedEmailOf, type OidcIdentity } from "@/lib/auth/oidc-identity";
import { domainOfEmail } from "@/lib/domains/normalize-domain";
import type { NewSession } from "@/lib/auth/sessions";
import type { Clock } from "@/lib/time/clock";
import { auditKindOf, GROUPS_UNRESOLVED_KIND, type OidcSignInMethod, type SignInWorkspace } from "./sign-in-method";

/**
 * The sign-in of a returning identity — the common case — written in ONE statement, so it costs one database round
 * trip: the same writes as writeTenantSignIn (attempt consumed, name and e-mail refreshed, workspace joined or role
 * set, session, audit), as data-modifying CTEs that commit together or not at all. It applies only when the
 * identity is linked to a user through this very provider, that user is not locked out by disabled workspaces and
 * was not removed from the workspace the sign-in leads to; otherwise it writes nothing and consumes nothing
 * (`applies: false`), and the caller runs the general transaction, which refuses the removed. The e-mail rule is the
 * general transaction's: only a vouched address becomes the e-mail, an unvouched one goes to `unverified_email`.
 */
export type ReturningSignInResult =
  | { applies: false }
  | { applies: true; ok: false; code: "attempt_used" }
  | { applies: true; ok: true; session: NewSession; userId: string; tenantId: string | null; reference: string };

export async function writeReturningSignIn(
  db: Database,
  input: { attempt: { id: string; providerId: string }; identity: OidcIdentity; method: OidcSignInMethod; workspace: SignInWorkspace; clientIp: string; session: NewSession },
  clock: Clock,
): Promise<ReturningSignInResult> {
  const now = clock.now();
  // Timestamps go in as ISO text: drizzle hands raw parameters to postgres.js without its Date serializer.
  const at = now.toISOString();
  const { identity, workspace } = input;
  const reference = newReference();
  const groupsReference = newReference();
  const vouched = vouchedDomainOf(identity);
  const domain = identity.email && identity.emailDomainVerified ? (domainOfEmail(identity.email) ?? null) : null;
  const label = storableText(auditLabelOf(identity), 320);
  const vouchedEmail = vouchedEmailOf(identity);
  const unverifiedEmail = vouchedEmail ? null : identity.email;
  const target =
    workspace.kind === "role"
      ? sql`select ${workspace.tenantId}::text as id`
      : sql`select id from (
          select t.id, 0 as rank from tenant t where t.microsoft_tenant_id = ${identity.tid}::text and t.status = 'active'
          union all
          select t.id, 1 from tenant_domain d join tenant t on t.id = d.tenant_id
            where d.domain = ${domain}::text and d.verified_at is not null and t.status = 'active'
        ) candidates order by rank limit 1`;
  const groupScopes = workspace.kind === "role" ? (workspace.groupScopes ?? null) : null;
  const groupsUnresolved = workspace.kind === "role" ? (workspace.groupsUnresolved ?? null) : null;
  const membership =
    workspace.kind === "role"
      ? sql`insert into tenant_membership (user_id, tenant_id, role, group_scopes) select u.id, w.id, ${workspace.role}::tenant_role, coalesce(${groupScopes}::text, '') from usr u cross join target w
            on conflict (tenant_id, user_id) do update set role = excluded.role, group_scopes = coalesce(${groupScopes}::text, tenant_membership.group_scopes)
            returning (xmax = 0) as inserted`
      : sql`insert into tenant_membership (user_id, tenant_id, role) select u.id, w.id, 'member' from usr u cross join target w
            on conflict do nothing returning true as inserted`;
  const rows = await db.execute<{ owned: boolean; blocked: boolean; consumed: boolean; user_id: string | null; tenant_id: string | null }>(sql`
    with owner as (
      select user_id from account where provider = ${identity.provider} and provider_account_id = ${identity.providerAccountId}
    ),
    target as (${target}),
    blocked as (
      select (exists (select 1 from tenant_membership m join owner o on o.user_id = m.user_id)
         and not exists (select 1 from tenant_membership m join owner o on o.user_id = m.user_id join tenant t on t.id = m.tenant_id where t.status = 'active'))
         or exists (select 1 from tenant_removal r join owner o on o.user_id = r.user_id join target w on w.id = r.tenant_id) as yes
    ),
    attempt as (
      delete from sign_in_attempt
      where id = ${input.attempt.id} and provider = ${input.attempt.providerId} and expires_at > ${at}::timestamptz
        and exists (select 1 from owner) and not (select yes from blocked)
      returning id
    ),
    usr as (
      update "user" u set
        name = ${identity.name}::text,
        email = case when ${vouchedEmail}::text is null then u.email
                     when exists (select 1 from "user" x where x.email = ${vouchedEmail}::text and x.id <> u.id) then u.email
                     else ${vouchedEmail}::text end,
        unverified_email = case when ${unverifiedEmail}::text = u.email then null else ${unverifiedEmail}::text end,
        last_sign_in_at = ${at}::timestamptz
      from owner o
      where u.id = o.user_id and exists (select 1 from attempt)
      returning u.id
    ),
    joined as (${membership}),
    chosen as (
      select coalesce(
        (select id from target),
        (select m.tenant_id from tenant_membership m join tenant t on t.id = m.tenant_id join usr u on u.id = m.user_id
          where t.status = 'active' order by m.created_at limit 1)
      ) as tenant_id
    ),
    new_session as (
      insert into session (session_token, user_id, expires, tenant_id, sign_in_method, vouched_domain, created_at)
      select ${input.session.sessionToken}, u.id, ${input.session.expires.toISOString()}::timestamptz, (select tenant_id from chosen), ${input.method}, ${vouched}::text, ${at}::timestamptz
      from usr u
      returning user_id
    ),
    audit as (
      insert into audit_event (id, reference, occurred_at, kind, outcome, actor_type, actor_id, actor_label, tenant_id, client_ip, detail)
      select gen_random_uuid()::text, ${reference}, ${at}::timestamptz, ${auditKindOf(input.method)}, 'success', 'user', s.user_id, ${label}, (select tenant_id from chosen), ${input.clientIp},
        jsonb_build_object('provider', ${identity.provider}::text, 'account', ${identity.providerAccountId}::text, 'joinedTenant', coalesce((select bool_or(inserted) from joined), false))
      from new_session s
    ),
    groups_audit as (
      insert into audit_event (id, reference, occurred_at, kind, outcome, actor_type, actor_id, actor_label, tenant_id, client_ip, detail)
      select gen_random_uuid()::text, ${groupsReference}, ${at}::timestamptz, ${GROUPS_UNRESOLVED_KIND}, 'failure', 'user', s.user_id, ${label}, (select tenant_id from chosen), ${input.clientIp},
        jsonb_build_object('reason', ${groupsUnresolved}::text, 'provider', ${identity.provider}::text, 'account', ${identity.providerAccountId}::text, 'role', 'kept')
      from new_session s where ${groupsUnresolved}::text is not null
    )
    select exists (select 1 from owner) as owned, (select yes from blocked) as blocked, exists (select 1 from attempt) as consumed,
      (select id from usr) as user_id, (select tenant_id from chosen) as tenant_id
  `);
  const row = (Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0]) as { owned: boolean; blocked: boolean; consumed: boolean; user_id: string | null; tenant_id: string | null };
  if (!row.owned || row.blocked) return { applies: false };
  if (!row.consumed || !row.user_id) return { applies: true, ok: false, code: "attempt_used" };
  return { applies: true, ok: true, session: input.session, userId: row.user_id, tenantId: row.tenant_id, reference };
}
