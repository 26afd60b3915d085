"use server";

import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { secretKey } from "@/lib/crypto/secret-box";
import { TENANT_AUTH_BASE_PATH, tenantSsoProviderId } from "@/lib/signin/provider";
import type { FieldErrors } from "@/lib/sso/sso-input";
import { forgetTenantSso } from "@/lib/sso/tenant-sso-cache";
import { saveSsoForm, testSsoForm, type SsoCardView, type SsoContext } from "@/lib/sso/tenant-sso-config";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { requireTenantAdmin } from "@/lib/web/current-user";

export type SsoCardState = {
  fieldErrors?: FieldErrors;
  error?: string;
  test?: { ok: boolean; message: string };
  saved?: boolean;
  card?: SsoCardView;
};

async function context(): Promise<{ ctx: SsoContext; tenantKey: string }> {
  const admin = await requireTenantAdmin();
  const settings = getSettings();
  const key = secretKey(settings.secretEncryptionKey);
  return {
    tenantKey: admin.tenant.key,
    ctx: {
      db: getDb(),
      tenantId: admin.tenant.id,
      actorId: admin.id,
      clientIp: await getClientIp(),
      key,
      keys: [key],
      authorityHost: settings.msAuthorityHost,
      production: settings.production,
      clock: systemClock,
      callbackUrl: `${settings.apiPublicUrl}${TENANT_AUTH_BASE_PATH}/callback/${tenantSsoProviderId(admin.tenant.key)}`,
    },
  };
}

const fields = (form: FormData) => Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));

/** One action for both buttons: the submitter's `intent` says whether to test or to save. */
export async function ssoCardAction(_previous: SsoCardState, form: FormData): Promise<SsoCardState> {
  const { ctx, tenantKey } = await context();
  if (form.get("intent") === "test") {
    const { fieldErrors, result } = await testSsoForm(ctx, fields(form));
    return fieldErrors ? { fieldErrors } : { test: { ok: result!.ok, message: result!.message } };
  }
  const result = await saveSsoForm(ctx, fields(form));
  if (!result.ok) return { fieldErrors: result.fieldErrors, error: result.error };
  forgetTenantSso(tenantKey);
  return { saved: true, card: result.card };
}
