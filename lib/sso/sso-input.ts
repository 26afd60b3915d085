import { z } from "zod";
import { isTenantGuid } from "@/lib/entra/tenant-ids";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import { cleanText } from "@/lib/text/clean-text";

/**
 * What the SSO card submits, checked field by field so that each message can sit beside its field. Pure: the
 * network checks (issuer discovery, Test connection) come after, in save-sso-config.ts.
 */
export type SsoInput = {
  kind: "entra" | "oidc";
  entraTenantId: string | null;
  issuerUrl: string | null;
  clientId: string;
  /** Empty: keep the stored secret. */
  clientSecret: string | null;
  clientSecretExpiresAt: Date | null;
  adminRoleValue: string;
  memberRoleValue: string;
  /** The claim carrying the roles; `roles` unless the issuer uses another (such as `groups`). */
  roleClaim: string;
  unmatchedRole: "refuse" | "member";
  /** For a non-Entra issuer; null: the issuer's host is shown. */
  displayName: string | null;
  enabled: boolean;
};

export type SsoField = keyof SsoInput;
export type FieldErrors = Partial<Record<SsoField, string>>;

const text = (max: number) => z.string().max(max).optional().transform((v) => (v ?? "").trim());
const raw = z.object({
  kind: z.string().optional(),
  entraTenantId: text(100),
  issuerUrl: text(2048),
  clientId: text(255),
  clientSecret: z.string().max(2048).optional(),
  clientSecretExpiresAt: text(20),
  adminRoleValue: text(200),
  memberRoleValue: text(200),
  roleClaim: text(200),
  unmatchedRole: z.string().max(20).optional(),
  displayName: text(200),
  enabled: z.string().optional(),
});

/** A claim name as issuers write them: `roles`, `groups`, `https://example.com/claims/roles`. */
const CLAIM = /^[A-Za-z0-9_.:/-]{1,100}$/;
const ROLE = /^[\x21-\x7e][\x20-\x7e]{0,118}[\x21-\x7e]$|^[\x21-\x7e]$/;

export function parseSsoInput(form: Record<string, unknown>, options: { production: boolean }): { ok: true; input: SsoInput } | { ok: false; errors: FieldErrors } {
  const strings = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === "string" ? v : undefined]));
  const parsed = raw.safeParse(strings);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0]) as SsoField] ??= "This value is too long.";
    return { ok: false, errors };
  }
  const v = parsed.data;
  const errors: FieldErrors = {};
  const kind = v.kind === "oidc" ? "oidc" : "entra";
  const entraTenantId = v.entraTenantId.toLowerCase();

  if (kind === "entra" && !isTenantGuid(entraTenantId))
    errors.entraTenantId = "Enter the Directory (tenant) ID: a GUID such as 00000000-0000-0000-0000-000000000000.";
  let issuerUrl: string | null = null;
  if (kind === "oidc") {
    const url = URL.canParse(v.issuerUrl) ? new URL(v.issuerUrl) : undefined;
    if (!url || (url.protocol !== "https:" && (options.production || url.protocol !== "http:")) || url.search || url.hash)
      errors.issuerUrl = "Enter the issuer URL, such as https://login.example.com (https, no query).";
    else issuerUrl = v.issuerUrl.replace(/\/$/, "");
  }
  if (kind === "entra" ? !isTenantGuid(v.clientId.toLowerCase()) : !v.clientId)
    errors.clientId = kind === "entra" ? "Enter the Application (client) ID: a GUID." : "Enter the client ID.";
  const clientSecret = v.clientSecret?.trim() ? v.clientSecret.trim() : null;
  let clientSecretExpiresAt: Date | null = null;
  if (v.clientSecretExpiresAt) {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(v.clientSecretExpiresAt) ? new Date(`${v.clientSecretExpiresAt}T00:00:00Z`) : undefined;
    if (!date || Number.isNaN(date.getTime())) errors.clientSecretExpiresAt = "Enter the expiry as a date (YYYY-MM-DD).";
    else clientSecretExpiresAt = date;
  }
  const adminRoleValue = v.adminRoleValue || "Gatehouse.Admin";
  const memberRoleValue = v.memberRoleValue || "Gatehouse.Member";
  if (!ROLE.test(adminRoleValue)) errors.adminRoleValue = "Use up to 120 printable characters, with no spaces at either end.";
  if (!ROLE.test(memberRoleValue)) errors.memberRoleValue = "Use up to 120 printable characters, with no spaces at either end.";
  if (!errors.adminRoleValue && !errors.memberRoleValue && adminRoleValue === memberRoleValue)
    errors.memberRoleValue = "The member role value must differ from the admin role value.";

  const roleClaim = v.roleClaim || "roles";
  if (!CLAIM.test(roleClaim)) errors.roleClaim = USER_MESSAGES.sso_role_claim_invalid;
  if (v.unmatchedRole !== undefined && v.unmatchedRole !== "" && v.unmatchedRole !== "refuse" && v.unmatchedRole !== "member")
    errors.unmatchedRole = USER_MESSAGES.sso_unmatched_role_invalid;
  const unmatchedRole = v.unmatchedRole === "member" ? "member" : "refuse";
  const displayName = kind === "oidc" && v.displayName ? cleanText(v.displayName).slice(0, 60) || null : null;

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      kind,
      entraTenantId: kind === "entra" ? entraTenantId : null,
      issuerUrl,
      clientId: kind === "entra" ? v.clientId.toLowerCase() : v.clientId,
      clientSecret,
      clientSecretExpiresAt,
      adminRoleValue,
      memberRoleValue,
      roleClaim,
      unmatchedRole,
      displayName,
      enabled: v.enabled === "on" || v.enabled === "true",
    },
  };
}
