import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { tenants } from "@/db/schema";
import { loadSeedFile, startEntraEmulator } from "@/e2e/entra-emulator";
import { startDemoMcpServer } from "@/e2e/mcp-demo-server/server";
import { startDemoOktaOrg } from "@/e2e/okta-emulator";
import { freePort } from "@/e2e/support/spawn-server";
import { startSmtpSink } from "@/e2e/support/smtp-sink";
import { startSpaServer } from "@/examples/spa/server";
import { seedDemoWorkspace } from "@/lib/bootstrap/seed-demo-workspace";
import { DEFAULT_TENANT_KEY } from "@/lib/bootstrap/seed-fresh-install";
import { getSettings } from "@/lib/config/load-settings";
import { secretKey } from "@/lib/crypto/secret-box";
import { loadOrCreateLocalSecrets } from "@/lib/config/local-secrets";
import { saveMcpAccessConfig } from "@/lib/mcp/access-config";
import { mcpUrl } from "@/lib/mcp/mcp-urls";
import { addProvisionedUser } from "@/lib/mcp/provisioned-users";
import { TENANT_AUTH_BASE_PATH, tenantSsoProviderId } from "@/lib/signin/provider";
import { buildIfNeeded, SERVER_ARGUMENTS } from "./build-if-needed";
import { startDemoOutbox } from "./demo-outbox";
import { prepareDatabase } from "./prepare-database";

/**
 * `npm run demo`: the production build on the embedded database, with the offline Entra emulator standing in for
 * Microsoft, on http://localhost:$PORT. PORT, API_PUBLIC_URL and DATA_DIR come from the environment, so two demos
 * can run side by side (each with its own DATA_DIR).
 *
 * The browser never meets the emulator's self-made certificate: the emulator serves the pages a browser opens
 * (authorize, the account picker) over plain http on loopback and advertises that authorize URL, while everything
 * Gatehouse calls server to server (discovery, keys, token) stays https and is checked against the emulator's CA.
 *
 * The broker runs as a child process because Node reads NODE_EXTRA_CA_CERTS (the emulator's CA) only at start.
 */
const port = process.env.PORT?.trim() || "3000";
process.env.PORT = port;
process.env.HOST ||= "127.0.0.1";
process.env.API_PUBLIC_URL ||= `http://localhost:${port}`;
process.env.DATA_DIR ||= ".data";
delete process.env.DATABASE_URL; // the demo always runs on the embedded database
const dataDir = process.env.DATA_DIR;
Object.assign(process.env, { ...loadOrCreateLocalSecrets(dataDir), ...definedOnly(process.env) });
// The demo serves the production build, which runs with NODE_ENV=production (its secrets come from DATA_DIR above).
Object.assign(process.env, { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });

buildIfNeeded();

const seed = await loadSeedFile(join("e2e", "entra-emulator", "seed.demo.json"));
const contoso = seed.tenants.find((t) => t.displayName === "Contoso")!;
const platformApp = contoso.apps.find((a) => a.multiTenant)!;
const contosoSsoApp = contoso.apps.find((a) => a.displayName.startsWith("Contoso SSO"))!;
const operator = seed.tenants.find((t) => t.apps.some((a) => a.displayName === "Gatehouse console"))!;
const consoleApp = operator.apps.find((a) => a.displayName === "Gatehouse console")!;
const mcpApiApp = contoso.apps.find((a) => a.displayName === "Contoso MCP API")!;
const mcpClientApp = contoso.apps.find((a) => a.displayName.startsWith("Contoso MCP client"))!;
const mcpMiddleTier = contoso.apps.find((a) => a.displayName.startsWith("Contoso MCP gateway"))!;
const mcpUsers = contoso.users.filter((u) => ["Megan Bowen", "Adele Vance"].includes(u.name));
// A second SSO app, in a directory no workspace is linked to, for trying the SSO card on the Default workspace.
const fabrikam = seed.tenants.find((t) => t.apps.some((a) => a.displayName.startsWith("Fabrikam SSO")))!;
const defaultSsoApp = fabrikam.apps.find((a) => a.displayName.startsWith("Fabrikam SSO"))!;
const publicUrl = process.env.API_PUBLIC_URL;
process.env.MGMT_PUBLIC_URL ||= publicUrl;
const consoleUrl = process.env.MGMT_PUBLIC_URL;
const defaultCallbackUrl = `${publicUrl}${TENANT_AUTH_BASE_PATH}/callback/${tenantSsoProviderId(DEFAULT_TENANT_KEY)}`;

const emulator = await startEntraEmulator({
  seed,
  port: Number(process.env.ENTRA_EMULATOR_PORT) || 0,
  stateDir: join(dataDir, "entra-emulator"),
  extraRedirectUris: [`${publicUrl}/api/v1/auth/callback/microsoft-entra-id`],
  browserHttp: { port: Number(process.env.ENTRA_EMULATOR_BROWSER_PORT) || 0 },
});
await emulator.admin.updateApp(contoso.id, contosoSsoApp.clientId, { redirectUris: [`${publicUrl}/api/v1/auth/callback/t-contoso`] });
await emulator.admin.updateApp(fabrikam.id, defaultSsoApp.clientId, { redirectUris: [defaultCallbackUrl] });
await emulator.admin.updateApp(operator.id, consoleApp.clientId, { redirectUris: [`${consoleUrl}/api/v1/manage/auth/callback/staff-entra`] });
Object.assign(process.env, {
  MS_AUTHORITY_HOST: emulator.url,
  MS_CLIENT_ID: platformApp.clientId,
  MS_CLIENT_SECRET: platformApp.secrets[0]!.value,
  // The management console signs staff in through its own single-tenant app in the operator's directory.
  MGMT_MS_CLIENT_ID: consoleApp.clientId,
  MGMT_MS_CLIENT_SECRET: consoleApp.secrets[0]!.value,
  MGMT_MS_TENANT_ID: operator.id,
});

// The product's MCP server, behind Gatehouse's gateway: it trusts only the identity Gatehouse asserts.
const mcpServer = await startDemoMcpServer({ port: Number(process.env.MCP_DEMO_PORT) || 0, gatehouseUrl: publicUrl });
process.env.MCP_UPSTREAM_URL ||= mcpServer.url;

// The example single-page app (examples/spa) is the product the landing page links onward to (APP_BASE_URL). It
// registers itself with Gatehouse once Gatehouse listens, so its port is chosen now.
const spaPort = Number(process.env.SPA_PORT) || (await freePort());
process.env.APP_BASE_URL ||= `http://127.0.0.1:${spaPort}`;

// The demo workspace is written before the broker starts: the embedded database belongs to one process at a time.
// Mail (password resets, invitations) goes to a real SMTP server on loopback and is printed here, links included.
const mailSink = await startSmtpSink({ onMail: (mail) => console.log(`\n  Mail to ${mail.to.join(", ")}: ${mail.subject}\n${mail.text.replace(/^/gm, "    ")}\n`) });
process.env.SMTP_URL ||= mailSink.url;
const outbox = await startDemoOutbox(mailSink.messages, Number(process.env.OUTBOX_PORT) || 0);

const settings = getSettings();
const database = await prepareDatabase(settings);
await seedDemoWorkspace(
  database.db,
  {
    key: "contoso",
    name: "Contoso",
    microsoftTenantId: contoso.id,
    domain: contoso.domains[0]!,
    sso: { clientId: contosoSsoApp.clientId, clientSecret: contosoSsoApp.secrets[0]!.value },
  },
  secretKey(settings.secretEncryptionKey),
);
// Contoso's MCP access: tokens of its MCP API app, scope mcp.access, for Megan and Adele (provisioned by Object ID).
const [contosoWorkspace] = await database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.key, "contoso"));
await saveMcpAccessConfig(
  database.db,
  { tenantId: contosoWorkspace!.id, entraTenantId: contoso.id, audience: mcpApiApp.clientId, requiredScope: "mcp.access", acceptV1Tokens: false },
  null,
  new Date(),
);
const mcpTarget = { tenantId: contosoWorkspace!.id, workspaceKey: "contoso", entraTenantId: contoso.id };
for (const user of mcpUsers) await addProvisionedUser(database.db, mcpTarget, { oid: user.oid, email: user.email ?? user.preferredUsername }, null, new Date());
// An Okta org linked to Contoso (Enterprise-Managed Auth): its requesting app exchanges a person's Okta ID token for an
// ID-JAG, which Gatehouse takes at its token endpoint (jwt-bearer). The broker trusts both emulators' CAs.
const oktaOrg = await startDemoOktaOrg(database.db, {
  tenantId: contosoWorkspace!.id,
  domain: contoso.domains[0]!,
  apiPublicUrl: publicUrl,
  secretEncryptionKey: settings.secretEncryptionKey,
  port: Number(process.env.OKTA_EMULATOR_PORT) || 0,
});
const emulatorCas = join(dataDir, "emulator-cas.pem");
writeFileSync(emulatorCas, `${readFileSync(emulator.caCertPath, "utf8").trimEnd()}\n${oktaOrg.okta.caPem.trimEnd()}\n`);
await database.close();

const broker = spawn(process.execPath, SERVER_ARGUMENTS, {
  env: { ...process.env, NODE_EXTRA_CA_CERTS: emulatorCas },
  stdio: ["ignore", "pipe", "inherit"],
});
let spa: Awaited<ReturnType<typeof startSpaServer>> | undefined;
broker.stdout!.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (!chunk.toString().includes("Gatehouse is listening")) return;
  startSpaServer({ gatehouseUrl: publicUrl, port: spaPort })
    .then((started) => (spa = started))
    .catch((error: unknown) => console.error(`The example SPA could not start: ${error instanceof Error ? error.message : String(error)}`))
    .finally(printWelcome);
});
broker.on("exit", (code) => void Promise.allSettled([emulator.stop(), mcpServer.stop(), mailSink.stop(), outbox.stop(), spa?.stop(), oktaOrg.okta.stop()]).finally(() => process.exit(code ?? 0)));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => broker.kill(signal));

function printWelcome() {
  const pickerPort = new URL(emulator.browserUrl!).port;
  console.log(`
  Gatehouse demo is running: ${publicUrl}

  Sign in at ${publicUrl}/login
    - with a password:   username admin, password admin (you will choose a new one; afterwards use that).
                         admin is the Default workspace's admin.
    - with Microsoft:    "Sign in with Microsoft", then pick one of the emulated accounts below. The account picker
                         is the offline Entra emulator at ${emulator.browserUrl} (plain http on this machine).
    - with Contoso's SSO: type megan@contoso.example (a Contoso admin) or adele@contoso.example (a member) and
                         "Continue with Microsoft Entra ID"; Megan can open ${publicUrl}/settings/sso

  The emulated accounts the picker offers ("Sign in with Microsoft" shows them all):
${emulatedAccounts()}

  Try the SSO card on the Default workspace: sign in as admin, open ${publicUrl}/settings/sso, choose Microsoft Entra
  ID and enter the values of an app registered for this in the emulator's Fabrikam directory:
    Tenant ID:          ${fabrikam.id}
    Client ID:          ${defaultSsoApp.clientId}
    Client Secret:      ${defaultSsoApp.secrets[0]!.value}
    Callback URL:       ${defaultCallbackUrl}  (the card shows it; already registered on that app)
    Role values:        keep Gatehouse.Admin and Gatehouse.Member (Lee Gu holds Gatehouse.Admin)
  Test connection and turning SSO on work at once. For people to sign in through it, Default needs a verified domain:
  in the console, Olivia adds and verifies fabrikam.example on the Default workspace; then lee@fabrikam.example on
  /login continues to "Continue with Microsoft Entra ID".

  Management console: ${consoleUrl}/manage  ("Sign in with Microsoft", then one of the operator's staff)
${operator.users.map((u) => `      ${u.name.padEnd(16)} ${u.preferredUsername.padEnd(30)} ${roleOf(u.oid)}`).join("\n")}

  Mail (password reset, invitations) is delivered to a local SMTP server, printed here and listed in the
  Outbox: ${outbox.url}

  Example single-page app: ${spa?.origin ?? "(not started)"}   (signs in with Gatehouse as a public OAuth client,
    code + PKCE, and shows who the access token belongs to; the landing page's "Continue" leads there)

  MCP gateway (in front of the demo MCP server at ${mcpServer.url}: tools whoami, count, time_in)
    Contoso's MCP URL:  ${mcpUrl(publicUrl, "contoso")}     (also ${mcpUrl(publicUrl)} for every workspace)
    Entra directory:    ${contoso.id}
    MCP API app:        ${mcpApiApp.clientId}   scope api://${mcpApiApp.clientId}/mcp.access
    Public client app:  ${mcpClientApp.clientId}   (loopback redirects, like VS Code's)
    Middle tier (OBO):  ${mcpMiddleTier.clientId}   secret ${mcpMiddleTier.secrets[0]!.value}
    Provisioned:        ${mcpUsers.map((u) => u.preferredUsername).join(", ")}
    VS Code mcp.json:
      ${vsCodeSnippet().split("\n").join("\n      ")}

  Okta Enterprise-Managed Auth, linked to Contoso (Settings → Enterprise): issuer ${oktaOrg.okta.issuer}
    Requesting app at Okta:       ${oktaOrg.requestingClient.id}   secret ${oktaOrg.requestingClient.secret}
    Same app at Gatehouse (jwt-bearer): ${oktaOrg.gatehouseClient.id}   secret ${oktaOrg.gatehouseClient.secret}
    People: ${oktaOrg.users.map((u) => u.email).join(", ")}   (see e2e/okta-emulator/README.md for the two legs)

  From another machine: Gatehouse listens on HOST (now ${process.env.HOST}) and links to API_PUBLIC_URL (now ${publicUrl}).
  The simplest is to forward both ports over SSH and keep these defaults:
      ssh -L ${port}:localhost:${port} -L ${pickerPort}:localhost:${pickerPort} <this machine>
  (ENTRA_EMULATOR_BROWSER_PORT fixes the emulator's port across restarts.) Or serve Gatehouse on the network with
  HOST=0.0.0.0 API_PUBLIC_URL=http://<this machine>:${port}; the emulator's pages stay on this machine's loopback,
  so forward that port all the same.

  Embedded database and local secrets: ${dataDir}
  Stop with Ctrl+C.
`);
}

/** What each emulated account is there to show; an account of the seed without a note is still listed. */
const ACCOUNT_NOTES: Record<string, string> = {
  "megan@contoso.example": "verified e-mail; admin through Contoso's SSO (Gatehouse.Admin); MCP-provisioned",
  "adele@contoso.example": "verified e-mail; member through Contoso's SSO (Gatehouse.Member); MCP-provisioned",
  "alex@contoso.example": "no e-mail address at all",
  "grady@contoso.example": "an address Entra does not vouch for (grady.archie@mail.example): kept apart as unverified",
  "lynne@contoso.example": "in 250 groups: the token carries Entra's group overage instead of the list",
  "olivia@ops.gatehouse.example": "the console's Staff.Admin",
  "sam@ops.gatehouse.example": "the console's Staff.Support",
  "nico@ops.gatehouse.example": "no staff role: the console refuses him",
  "lee@fabrikam.example": "verified e-mail in a directory no workspace is linked to: creates a workspace of his own",
  "mallory@fabrikam.example": "claims megan@contoso.example unvouched: gets an identity of her own, never Megan's",
  "pat@outlook.example": "a personal Microsoft account: refused unless MS_ALLOW_PERSONAL_ACCOUNTS=true",
};

function emulatedAccounts(): string {
  return seed.tenants
    .map((tenant) => {
      const linked = tenant.id === contoso.id ? ", linked to the Contoso workspace: its people join it" : "";
      const people = tenant.users.map((u) => {
        const note = ACCOUNT_NOTES[u.preferredUsername];
        return `      ${u.preferredUsername.padEnd(30)} ${u.name}${note ? `\n          ${note}` : ""}`;
      });
      return [`    ${tenant.displayName}${linked}`, ...people].join("\n");
    })
    .join("\n");
}

function vsCodeSnippet(): string {
  return JSON.stringify({ servers: { "contoso-mcp": { type: "http", url: mcpUrl(publicUrl!, "contoso") } } }, null, 2);
}

function roleOf(oid: string): string {
  return consoleApp.roleAssignments?.[oid]?.join(", ") ?? "no staff role (refused)";
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1]?.trim())));
}
