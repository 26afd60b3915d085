/**
 * How to register the apps in Microsoft Entra ID for MCP access, adapted from the reference guide (seed 001): the
 * MCP API app (the audience), the gateway or client app that asks for its scope, and who may skip consent.
 */
export function RegistrationSteps({ audience, scope, mcpUrl }: { audience: string; scope: string; mcpUrl: string }) {
  const aud = audience || "<audience>";
  return (
    <section aria-labelledby="registration-title" className="rounded-2xl border border-slate-200 bg-white p-6 text-sm text-slate-700 shadow-sm">
      <h2 id="registration-title" className="text-lg font-semibold text-slate-900">
        Register the apps in Microsoft Entra ID
      </h2>
      <ol className="mt-3 list-decimal space-y-3 pl-5">
        <li>
          <strong>The MCP API app.</strong> App registrations → New registration, single tenant, no redirect URI. Copy its Application (client) ID: it is
          the <em>Audience</em> above. Expose an API → accept the Application ID URI <code>api://{aud}</code> → Add a scope <code>{scope}</code> (Admins and
          users, enabled). Manifest → under <code>api</code>, set <code>&quot;requestedAccessTokenVersion&quot;: 2</code>.
        </li>
        <li>
          <strong>The client app your developers sign in with</strong> (public client, redirect URIs <code>http://127.0.0.1</code> and{" "}
          <code>http://localhost</code>, like VS Code&apos;s). API permissions → My APIs → the MCP API app → Delegated → <code>{scope}</code> → Grant admin
          consent.
        </li>
        <li>
          <strong>Authorized client applications.</strong> On the MCP API app: Expose an API → Authorized client applications → add the client app&apos;s
          client ID (and, for VS Code with GitHub Copilot, <code>aebc6443-996d-45c2-90f0-388ff96faa56</code>) with <code>api://{aud}/{scope}</code>, so nobody
          sees a consent prompt. A middle tier that exchanges tokens On-Behalf-Of is added here the same way.
        </li>
        <li>
          <strong>Fill this page</strong>: Tenant ID (Directory (tenant) ID), Audience, Required scope. Test connection, then Save, then add each developer
          below by e-mail and Object ID (Entra admin center → Users → the person → Object ID).
        </li>
        <li>
          <strong>Connect a client</strong> to <code>{mcpUrl}</code> requesting the scope <code>api://{aud}/{scope}</code>. Without a token the gateway
          answers 401 and points the client at its protected-resource metadata.
        </li>
      </ol>
    </section>
  );
}
