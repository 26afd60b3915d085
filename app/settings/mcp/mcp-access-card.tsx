"use client";

import { useActionState } from "react";
import type { McpAccessCardView } from "@/lib/mcp/mcp-access-settings";
import { CopyButton } from "../../_components/copy-button";
import { CardButton, SettingsField, useKeptFieldsSubmit } from "../../_components/settings-card";
import { inputClass } from "../../_components/ui";
import { mcpAccessCardAction, type McpAccessCardState } from "./actions";

export function McpAccessCard({ initial, mcpUrl }: { initial: McpAccessCardView; mcpUrl: string }) {
  const [state, formAction, pending] = useActionState<McpAccessCardState, FormData>(mcpAccessCardAction, {});
  const { intent, submit } = useKeptFieldsSubmit(formAction);
  const card = state.card ?? initial;
  const errors = state.fieldErrors ?? {};

  return (
    <form onSubmit={submit} noValidate aria-label="MCP access" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <div className="flex items-start justify-between gap-4">
        <h2 className="text-lg font-semibold">Microsoft Entra ID</h2>
        <p role="status" data-testid="mcp-status" className="rounded-full bg-slate-100 px-3 py-1 text-xs font-medium text-slate-700">
          {card.configured ? "Configured" : "Not configured"}
        </p>
      </div>

      <div className="mt-4">
        <label htmlFor="mcpUrl" className="block text-sm font-medium text-slate-700">
          MCP URL
        </label>
        <div className="mt-1 flex gap-2">
          <input id="mcpUrl" readOnly value={mcpUrl} className={`${inputClass} mt-0 bg-slate-50 font-mono text-xs`} />
          <CopyButton text={mcpUrl} />
        </div>
        <p className="mt-1 text-xs text-slate-500">Give this URL to your developers&apos; MCP clients.</p>
      </div>

      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        <SettingsField name="entraTenantId" label="Tenant ID" defaultValue={card.entraTenantId} error={errors.entraTenantId} hint="Directory (tenant) ID of your Entra tenant" />
        <SettingsField name="audience" label="Audience" defaultValue={card.audience} error={errors.audience} hint="Application (client) ID of the MCP API app: the aud of its tokens" />
        <SettingsField name="requiredScope" label="Required scope" defaultValue={card.requiredScope} error={errors.requiredScope} hint="A delegated scope the MCP API app exposes" />
      </div>

      {card.configured ? (
        <p className="mt-3 text-sm text-slate-600">
          Clients request the scope <code data-testid="mcp-client-scope">{`api://${card.audience}/${card.requiredScope}`}</code>, the one the gateway&apos;s 401
          names.
        </p>
      ) : null}

      <label className="mt-4 flex items-center gap-3 text-sm font-medium text-slate-800">
        <input type="checkbox" name="acceptV1Tokens" defaultChecked={card.acceptV1Tokens} className="h-4 w-4 accent-brand-600" />
        Accept v1.0 tokens
      </label>
      <p className="mt-1 text-xs text-slate-500">Leave off and set requestedAccessTokenVersion to 2 in the MCP API app&apos;s manifest instead.</p>

      {state.test ? (
        <p role="alert" data-testid="mcp-test-result" className={`mt-4 rounded-lg px-3 py-2 text-sm ${state.test.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}>
          {state.test.message}
        </p>
      ) : null}
      {state.saved ? (
        <p role="status" className="mt-4 rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
          {state.saved}
        </p>
      ) : null}

      <div className="mt-6 flex flex-wrap gap-3">
        <CardButton intent="test" pendingLabel="Testing…" pending={pending} active={intent} secondary>
          Test connection
        </CardButton>
        <CardButton intent="save" pendingLabel="Saving…" pending={pending} active={intent}>
          Save
        </CardButton>
      </div>
    </form>
  );
}
