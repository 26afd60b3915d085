"use client";

import { useActionState, useState } from "react";
import { USER_MESSAGES, idpMessage } from "@/lib/errors/user-messages";
import { ENTRA_DISPLAY_NAME, ssoDisplayName } from "@/lib/sso/sso-display-name";
import type { SsoCardView } from "@/lib/sso/tenant-sso-config";
import { CopyButton } from "../../_components/copy-button";
import { CardButton, SettingsField, useKeptFieldsSubmit } from "../../_components/settings-card";
import { SsoStatusPill } from "../../_components/sso-status-pill";
import { Switch } from "../../_components/switch";
import { inputClass } from "../../_components/ui";
import { ssoCardAction, type SsoCardState } from "./actions";

const DAY = 24 * 60 * 60 * 1000;

export function SsoCard({ initial, callbackUrl, today }: { initial: SsoCardView; callbackUrl: string; today: string }) {
  const [state, formAction, pending] = useActionState<SsoCardState, FormData>(ssoCardAction, {});
  const { intent, submit } = useKeptFieldsSubmit(formAction);
  const card = state.card ?? initial;
  const [kind, setKind] = useState(card.kind);
  const errors = state.fieldErrors ?? {};
  const idpName = (of: SsoCardView["kind"]) =>
    of === "oidc" ? ssoDisplayName({ kind: "oidc", issuerUrl: card.issuerUrl || null, displayName: card.displayName || null }) : ENTRA_DISPLAY_NAME;
  const daysLeft = card.clientSecretExpiresAt ? Math.floor((Date.parse(card.clientSecretExpiresAt) - Date.parse(today)) / DAY) : null;

  return (
    <form onSubmit={submit} noValidate className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h2 className="text-lg font-semibold">{idpName(card.kind)}</h2>
        <SsoStatusPill status={card.status} testId="sso-status" live />
      </div>
      <div className="mt-4 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3">
        <Switch name="enabled" defaultChecked={card.enabled}>
          Show &ldquo;{idpMessage("continue_with_idp", idpName(kind))}&rdquo; on /login for this workspace&apos;s domains
        </Switch>
      </div>

      <fieldset className="mt-4 flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <legend className="sr-only">Identity provider</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="kind" value="entra" checked={kind === "entra"} onChange={() => setKind("entra")} /> Microsoft Entra ID
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="kind" value="oidc" checked={kind === "oidc"} onChange={() => setKind("oidc")} /> Other OpenID Connect provider
        </label>
      </fieldset>

      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        {kind === "entra" ? (
          <SettingsField name="entraTenantId" label="Tenant ID" defaultValue={card.entraTenantId} error={errors.entraTenantId} hint="Directory (tenant) ID of your Entra tenant" />
        ) : (
          <SettingsField name="issuerUrl" label="Issuer URL" defaultValue={card.issuerUrl} error={errors.issuerUrl} hint="Checked against its discovery document" />
        )}
        <SettingsField name="clientId" label="Client ID" defaultValue={card.clientId} error={errors.clientId} hint="Application (client) ID" />
        <SettingsField
          name="clientSecret"
          label="Client Secret"
          type="password"
          defaultValue=""
          autoComplete="off"
          placeholder={card.secretSet ? "•••••••• (set; leave empty to keep)" : ""}
          error={errors.clientSecret}
          hint={card.secretSet ? "A secret is set. It is never shown again." : "The secret's value, not its ID"}
        />
        <div>
          <SettingsField name="clientSecretExpiresAt" label="Secret expires on (optional)" type="date" defaultValue={card.clientSecretExpiresAt ?? ""} error={errors.clientSecretExpiresAt} />
          {daysLeft !== null && daysLeft < 30 ? (
            <p role="alert" className="mt-1 text-xs font-medium text-amber-700">
              {daysLeft < 0 ? "The client secret has expired. Create a new one in Entra." : `The client secret expires in ${daysLeft} day${daysLeft === 1 ? "" : "s"}.`}
            </p>
          ) : null}
        </div>
        <SettingsField name="adminRoleValue" label="Admin role value" defaultValue={card.adminRoleValue} error={errors.adminRoleValue} />
        <SettingsField name="memberRoleValue" label="Member role value" defaultValue={card.memberRoleValue} error={errors.memberRoleValue} />
        <SettingsField name="roleClaim" label="Role claim" defaultValue={card.roleClaim} error={errors.roleClaim} hint={USER_MESSAGES.sso_role_claim_hint} />
        {kind === "oidc" ? (
          <SettingsField name="displayName" label="Display name" defaultValue={card.displayName} error={errors.displayName} hint={USER_MESSAGES.sso_display_name_hint} />
        ) : null}
      </div>

      <fieldset className="mt-4 text-sm" aria-describedby="unmatchedRole-hint">
        <legend className="font-medium text-slate-700">People without a matching role</legend>
        <div className="mt-1 flex flex-wrap gap-x-6 gap-y-2">
          <label className="flex items-center gap-2">
            <input type="radio" name="unmatchedRole" value="refuse" defaultChecked={card.unmatchedRole === "refuse"} /> {USER_MESSAGES.sso_unmatched_role_refuse}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="unmatchedRole" value="member" defaultChecked={card.unmatchedRole === "member"} /> {USER_MESSAGES.sso_unmatched_role_member}
          </label>
        </div>
        <p id="unmatchedRole-hint" className="mt-1 text-xs text-slate-500">
          {USER_MESSAGES.sso_unmatched_role_hint}
        </p>
        {errors.unmatchedRole ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {errors.unmatchedRole}
          </p>
        ) : null}
      </fieldset>

      <div className="mt-4 text-sm">
        <h3 className="font-medium text-slate-700">Domains</h3>
        <p className="mt-1 text-xs text-slate-500">{USER_MESSAGES.sso_domains_hint}</p>
        {card.domains.length ? (
          <ul data-testid="sso-domains" className="mt-2 space-y-1">
            {card.domains.map((d) => (
              <li key={d.domain} className="flex justify-between gap-4">
                <span className="font-mono text-xs">{d.domain}</span>
                <span className={`text-xs ${d.verified ? "text-green-700" : "text-amber-700"}`}>{d.verified ? USER_MESSAGES.sso_domain_routes : USER_MESSAGES.sso_domain_pending}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p data-testid="sso-domains" className="mt-2 text-xs text-amber-700">
            {USER_MESSAGES.sso_no_domains}
          </p>
        )}
      </div>

      <div className="mt-4">
        <label htmlFor="callbackUrl" className="block text-sm font-medium text-slate-700">
          Callback URL
        </label>
        <div className="mt-1 flex min-w-0 gap-2">
          <input id="callbackUrl" readOnly value={callbackUrl} className={`${inputClass} mt-0 min-w-0 bg-slate-50 font-mono text-xs`} />
          <CopyButton text={callbackUrl} />
        </div>
        <p className="mt-1 text-xs text-slate-500">Register it in your Entra app as a Web redirect URI.</p>
      </div>

      {state.test ? (
        <p role="alert" data-testid="test-result" className={`mt-4 rounded-lg px-3 py-2 text-sm ${state.test.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}>
          {state.test.message}
        </p>
      ) : null}
      {state.error ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      {state.saved ? (
        <p role="status" className="mt-4 rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
          Saved.
        </p>
      ) : null}

      <div className="mt-6 flex flex-wrap gap-3">
        <CardButton intent="test" pendingLabel="Testing…" pending={pending} active={intent} secondary>
          Test connection
        </CardButton>
        <CardButton intent="save" pendingLabel="Saving…" pending={pending} active={intent}>
          Save Microsoft Entra Settings
        </CardButton>
      </div>
    </form>
  );
}
