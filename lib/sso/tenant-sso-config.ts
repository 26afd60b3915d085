import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantDomains, tenantSsoConfigs, tenants } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { SecretDecryptionError, decryptSecret, encryptSecret, type SecretKey } from "@/lib/crypto/secret-box";
import { verifiedDomainsOf } from "@/lib/domains/tenant-domains";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import { systemClock, type Clock } from "@/lib/time/clock";
import { checkOidcIssuer } from "./oidc-issuer-check";
import { parseSsoInput, type FieldErrors, type SsoInput } from "./sso-input";
import { ssoDisplayName } from "./sso-display-name";
import { ssoStatus, type SsoStatus } from "./sso-status";
import { testEntraConnection, type TestConnectionResult } from "./test-connection";
import { testOidcConnection } from "./test-oidc-connection";

/** What the SSO card shows. No secret, ever: only whether one is set and when it expires. */
export type SsoCardView = {
  kind: "entra" | "oidc";
  entraTenantId: string;
  issuerUrl: string;
  clientId: string;
  secretSet: boolean;
  clientSecretExpiresAt: string | null;
  adminRoleValue: string;
  memberRoleValue: string;
  roleClaim: string;
  unmatchedRole: "refuse" | "member";
  /** Empty: the issuer's host is shown. */
  displayName: string;
  enabled: boolean;
  /** The workspace's domains: a verified one routes its addresses to this sign-in. */
  domains: { domain: string; verified: boolean }[];
  status: SsoStatus;
};

export async function loadSsoCard(db: Database, tenantId: string, clock: Clock = systemClock): Promise<SsoCardView> {
  const [[row], domains] = await Promise.all([
    db.select().from(tenantSsoConfigs).where(eq(tenantSsoConfigs.tenantId, tenantId)),
    db.select({ domain: tenantDomains.domain, verifiedAt: tenantDomains.verifiedAt }).from(tenantDomains).where(eq(tenantDomains.tenantId, tenantId)).orderBy(asc(tenantDomains.domain)),
  ]);
  const view = {
    kind: row?.kind ?? "entra",
    entraTenantId: row?.entraTenantId ?? "",
    issuerUrl: row?.issuerUrl ?? "",
    clientId: row?.clientId ?? "",
    secretSet: Boolean(row?.clientSecretEncrypted),
    clientSecretExpiresAt: row?.clientSecretExpiresAt?.toISOString().slice(0, 10) ?? null,
    adminRoleValue: row?.adminRoleValue ?? "Gatehouse.Admin",
    memberRoleValue: row?.memberRoleValue ?? "Gatehouse.Member",
    roleClaim: row?.roleClaim ?? "roles",
    unmatchedRole: row?.unmatchedRole ?? "refuse",
    displayName: row?.displayName ?? "",
    enabled: row?.enabled ?? false,
    domains: domains.map((d) => ({ domain: d.domain, verified: d.verifiedAt !== null })),
  };
  const status = ssoStatus(
    {
      ...view,
      entraTenantId: view.entraTenantId || null,
      issuerUrl: view.issuerUrl || null,
      clientSecretExpiresAt: row?.clientSecretExpiresAt ?? null,
      verifiedDomains: view.domains.filter((d) => d.verified).length,
    },
    clock.now(),
  );
  return { ...view, status };
}

export type SsoContext = {
  db: Database;
  tenantId: string;
  actorId: string;
  clientIp: string;
  key: SecretKey;
  keys: SecretKey[];
  authorityHost: string;
  production: boolean;
  clock: Clock;
  /** The workspace's redirect URI, sent with Test connection's token request to a generic issuer. */
  callbackUrl: string;
  /** How generic issuers are reached (tests pass one that trusts their test issuer's CA). */
  fetch?: typeof fetch;
};

/** The credentials to test: the form's, with the stored secret when the secret field was left empty. */
async function effectiveSecret(ctx: SsoContext, input: SsoInput): Promise<string | null> {
  if (input.clientSecret) return input.clientSecret;
  const [row] = await ctx.db.select({ sealed: tenantSsoConfigs.clientSecretEncrypted }).from(tenantSsoConfigs).where(eq(tenantSsoConfigs.tenantId, ctx.tenantId));
  return row?.sealed ? openSecret(row.sealed, ctx.tenantId, ctx.keys) : null;
}

export async function runTestConnection(ctx: SsoContext, input: SsoInput): Promise<TestConnectionResult> {
  const secret = await effectiveSecret(ctx, input);
  if (!secret) return { ok: false, code: "secret_invalid", message: "Client secret is invalid" };
  if (input.kind === "oidc") {
    const issuer = await checkOidcIssuer(input.issuerUrl!, ctx.fetch);
    if (!issuer.ok) return { ok: false, code: "other", message: issuer.message };
    if (!issuer.tokenEndpoint) return { ok: false, code: "other", message: USER_MESSAGES.sso_issuer_no_token_endpoint };
    return testOidcConnection({ tokenEndpoint: issuer.tokenEndpoint, clientId: input.clientId, clientSecret: secret, redirectUri: ctx.callbackUrl }, ctx.fetch);
  }
  return testEntraConnection({ authorityHost: ctx.authorityHost, tenantId: input.entraTenantId!, clientId: input.clientId, clientSecret: secret });
}

export async function testSsoForm(ctx: SsoContext, form: Record<string, unknown>): Promise<{ fieldErrors?: FieldErrors; result?: TestConnectionResult }> {
  const parsed = parseSsoInput(form, ctx);
  if (!parsed.ok) return { fieldErrors: parsed.errors };
  const result = await runTestConnection(ctx, parsed.input);
  await recordAuditEvent(
    ctx.db,
    { kind: "sso.test_connection", outcome: result.ok ? "success" : "failure", actor: { type: "user", id: ctx.actorId }, tenantId: ctx.tenantId, clientIp: ctx.clientIp, detail: { result: result.ok ? "ok" : result.code } },
    ctx.clock,
  );
  return { result };
}

export type SaveSsoResult = { ok: true; card: SsoCardView } | { ok: false; fieldErrors?: FieldErrors; error?: string };

/**
 * Saves the card. Nothing is written unless everything passes: field checks, the issuer's discovery (OIDC), and —
 * when the toggle is on — Test connection with exactly the credentials being saved. An empty secret field keeps
 * the stored secret. The secret is encrypted before it reaches the database.
 */
export async function saveSsoForm(ctx: SsoContext, form: Record<string, unknown>): Promise<SaveSsoResult> {
  const parsed = parseSsoInput(form, ctx);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.errors };
  const input = parsed.input;

  if (input.kind === "oidc") {
    const issuer = await checkOidcIssuer(input.issuerUrl!, ctx.fetch);
    if (!issuer.ok) return { ok: false, fieldErrors: { issuerUrl: issuer.message } };
  }
  const hasSecret = input.clientSecret !== null || (await effectiveSecret(ctx, input)) !== null;
  if (input.enabled) {
    if (!hasSecret) return { ok: false, fieldErrors: { clientSecret: "Enter the client secret before turning SSO on." } };
    const test = await runTestConnection(ctx, input);
    if (!test.ok) return { ok: false, error: `SSO was not turned on: Test connection failed (${test.message}).` };
  }

  const values = {
    kind: input.kind,
    entraTenantId: input.entraTenantId,
    issuerUrl: input.issuerUrl,
    clientId: input.clientId,
    ...(input.clientSecret ? { clientSecretEncrypted: encryptSecret(input.clientSecret, ctx.tenantId, ctx.key) } : {}),
    clientSecretExpiresAt: input.clientSecretExpiresAt,
    adminRoleValue: input.adminRoleValue,
    memberRoleValue: input.memberRoleValue,
    roleClaim: input.roleClaim,
    unmatchedRole: input.unmatchedRole,
    displayName: input.displayName,
    enabled: input.enabled,
    updatedAt: ctx.clock.now(),
    updatedBy: ctx.actorId,
  };
  // Update first: an insert row without the secret would fail the table's check even when ON CONFLICT would
  // have kept the stored one.
  const updated = await ctx.db.update(tenantSsoConfigs).set(values).where(eq(tenantSsoConfigs.tenantId, ctx.tenantId)).returning({ id: tenantSsoConfigs.tenantId });
  if (!updated.length) await ctx.db.insert(tenantSsoConfigs).values({ tenantId: ctx.tenantId, ...values });
  await recordAuditEvent(
    ctx.db,
    {
      kind: "sso.config_saved",
      outcome: "success",
      actor: { type: "user", id: ctx.actorId },
      tenantId: ctx.tenantId,
      clientIp: ctx.clientIp,
      detail: { kind: input.kind, entraTenantId: input.entraTenantId, clientId: input.clientId, secretChanged: Boolean(input.clientSecret), enabled: input.enabled },
    },
    ctx.clock,
  );
  return { ok: true, card: await loadSsoCard(ctx.db, ctx.tenantId, ctx.clock) };
}

/** Everything a tenant SSO sign-in needs, secret decrypted; undefined unless SSO is enabled for an active tenant. */
export type TenantSsoForSignIn = {
  tenantId: string;
  tenantKey: string;
  tenantName: string;
  kind: "entra" | "oidc";
  entraTenantId: string | null;
  issuerUrl: string | null;
  clientId: string;
  clientSecret: string;
  adminRoleValue: string;
  memberRoleValue: string;
  /** The claim holding the roles (string or array). */
  roleClaim: string;
  /** Someone whose role claim matches neither value: refused, or admitted as a member. */
  unmatchedRole: "refuse" | "member";
  /** What people see: "Microsoft Entra ID", the admin's display name, or the issuer's host. */
  displayName: string;
  verifiedDomains: string[];
};

export async function loadTenantSsoForSignIn(db: Database, tenantKey: string, keys: SecretKey[]): Promise<TenantSsoForSignIn | undefined> {
  const [row] = await db
    .select({ tenant: { id: tenants.id, key: tenants.key, name: tenants.name, status: tenants.status }, config: tenantSsoConfigs })
    .from(tenants)
    .innerJoin(tenantSsoConfigs, eq(tenantSsoConfigs.tenantId, tenants.id))
    .where(eq(tenants.key, tenantKey));
  if (!row || row.tenant.status !== "active" || !row.config.enabled || !row.config.clientId || !row.config.clientSecretEncrypted) return undefined;
  const clientSecret = openSecret(row.config.clientSecretEncrypted, row.tenant.id, keys);
  if (!clientSecret) return undefined;
  return {
    tenantId: row.tenant.id,
    tenantKey: row.tenant.key,
    tenantName: row.tenant.name,
    kind: row.config.kind,
    entraTenantId: row.config.entraTenantId,
    issuerUrl: row.config.issuerUrl,
    clientId: row.config.clientId,
    clientSecret,
    adminRoleValue: row.config.adminRoleValue,
    memberRoleValue: row.config.memberRoleValue,
    roleClaim: row.config.roleClaim,
    unmatchedRole: row.config.unmatchedRole,
    displayName: ssoDisplayName(row.config),
    verifiedDomains: await verifiedDomainsOf(db, row.tenant.id),
  };
}

/**
 * A stored secret that no current key opens (SECRET_ENCRYPTION_KEY changed without keeping the old key) counts as
 * no secret: the card asks for it again and sign-in is unavailable, instead of every request failing with a 500.
 */
function openSecret(sealed: string, owner: string, keys: SecretKey[]): string | null {
  try {
    return decryptSecret(sealed, owner, keys);
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    console.error(`[sso] the client secret of tenant ${owner} cannot be decrypted with the current SECRET_ENCRYPTION_KEY`);
    return null;
  }
}
