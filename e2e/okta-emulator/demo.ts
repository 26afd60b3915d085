import type { Database } from "@/db/client";
import { clientSecretHasher } from "@/lib/oauth/client-secrets";
import { registerConfidentialClient } from "@/lib/oauth/confidential-clients";
import { JWT_BEARER_GRANT } from "@/lib/oauth/id-jag-grant";
import { mcpResourceOf } from "@/lib/oauth/paths";
import { saveOktaOrg } from "@/lib/okta/okta-orgs";
import { systemClock } from "@/lib/time/clock";
import { emulatorFetch } from "../support/emulator-fetch";
import { oktaTestSeed, type OktaUser } from "./seed";
import { startOktaEmulator, type RunningOktaEmulator } from "./server";

export type DemoOktaOrg = {
  okta: RunningOktaEmulator;
  /** The requesting app at Okta (leg 1: token exchange). */
  requestingClient: { id: string; secret: string };
  /** The same app registered at Gatehouse as a confidential client (leg 2: jwt-bearer). */
  gatehouseClient: { id: string; secret: string };
  users: OktaUser[];
};

/**
 * For the demo: an Okta org linked to a workspace, as its admin and Gatehouse's staff would set it up. Starts the
 * emulator (people on the workspace's verified `domain`), links its org issuer to the workspace (checked against its
 * discovery, as Settings → Enterprise does), registers the requesting app at Gatehouse as a jwt-bearer client and
 * connects it at Okta to Gatehouse's issuer and `/mcp`. Called while the demo's database is open, before the broker
 * starts; the broker must trust `okta.caPem` besides the Entra emulator's CA.
 */
export async function startDemoOktaOrg(
  db: Database,
  options: { tenantId: string; domain: string; apiPublicUrl: string; secretEncryptionKey: Uint8Array; port?: number },
): Promise<DemoOktaOrg> {
  const seed = oktaTestSeed(options.domain);
  const okta = await startOktaEmulator({ seed, port: options.port });
  const saved = await saveOktaOrg(db, { tenantId: options.tenantId, issuer: okta.issuer, scope: "", actor: { userId: "demo", clientIp: null } }, emulatorFetch(okta.caPem), systemClock);
  if (!saved.ok) throw new Error(`the demo could not link the Okta org: ${saved.code}`);
  const registered = await registerConfidentialClient(
    db,
    clientSecretHasher(options.secretEncryptionKey),
    { name: "MCP client (Okta Enterprise-Managed Auth)", grantTypes: [JWT_BEARER_GRANT], redirectUris: "", authMethod: "client_secret_basic" },
    { staffId: "demo", clientIp: null },
    systemClock,
  );
  if (!registered.ok) throw new Error("the demo could not register its Okta client");
  const requesting = seed.clients[0]!;
  okta.connect({ clientId: requesting.clientId, audience: options.apiPublicUrl, resource: mcpResourceOf(options.apiPublicUrl), scopes: ["mcp"], resourceClientId: registered.clientId });
  return {
    okta,
    requestingClient: { id: requesting.clientId, secret: requesting.clientSecret },
    gatehouseClient: { id: registered.clientId, secret: registered.clientSecret },
    users: seed.users,
  };
}
