"use client";

import { CopyButton } from "../../_components/copy-button";

/** The Client ID and a Client secret, shown once right after they were made, each with its copy button. */
export function CredentialsShownOnce({ notice, clientId, clientSecret, title }: { notice: string; clientId: string; clientSecret: string; title?: string }) {
  return (
    <div className="rounded-lg border border-green-200 bg-green-50 p-3 text-sm text-green-900" data-testid="machine-credentials">
      <p role="status">{notice}</p>
      {title ? <p className="mt-2 font-medium break-words">{title}</p> : null}
      <dl className="mt-2 space-y-2">
        {(
          [
            ["Client ID", clientId, "machine-client-id"],
            ["Client secret", clientSecret, "machine-client-secret"],
          ] as const
        ).map(([label, value, testId]) => (
          <div key={label}>
            <dt className="font-medium">{label}</dt>
            <dd className="mt-1 flex flex-wrap items-center gap-2">
              <code className="min-w-0 break-all rounded bg-white px-2 py-1.5 font-mono text-xs" data-testid={testId}>
                {value}
              </code>
              <CopyButton text={value} name={`Copy ${label}`} />
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
