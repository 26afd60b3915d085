import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createTlsMaterial, type TlsMaterial } from "@/e2e/entra-emulator/certificates";
import { encryptSecret, secretKey } from "@/lib/crypto/secret-box";
import { startDemoMcpServer, type DemoMcpServer } from "../mcp-demo-server/server";
import { startEntraWorld, type EntraWorld } from "./broker-with-entra";
import { CONTOSO_TENANT_ID, users } from "./entra-test-seed";

/**
 * A world where Gatehouse is the OAuth authorization server of `/mcp`: a production build whose gateway fronts the
 * demo MCP server, Contoso signing in through its own tenant SSO app in the Contoso directory of the Entra emulator
 * (Megan is a member), and a CA of the test's own that the broker trusts, for https servers the test runs on loopback
 * (Client ID Metadata Documents). Fetching those from loopback needs OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA, which
 * production refuses, so this broker runs the production build with NODE_ENV=test.
 */
export const CONTOSO_SSO_CLIENT_ID = "4c3b2a19-0817-4e6d-9c5b-4a3928171605";
const CONTOSO_SSO_SECRET = "contoso-sso-secret~e2e-only";

export type AuthorizationServerWorld = {
  world: EntraWorld;
  demo: DemoMcpServer;
  /** a certificate for `localhost` under the CA the broker trusts */
  tls: TlsMaterial;
  /** Megan's Gatehouse user id, once she has signed in */
  userIdOf(email: string): Promise<string | undefined>;
  stop(): Promise<void>;
};

export async function startAuthorizationServerWorld(settings: Record<string, string> = {}): Promise<AuthorizationServerWorld> {
  const tls = await createTlsMaterial(new Date());
  let gatehouse = "";
  const demo = await startDemoMcpServer({ gatehouseUrl: () => gatehouse });
  let world: EntraWorld;
  try {
    world = await startEntraWorld({
      settings: { MCP_UPSTREAM_URL: demo.url, OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA: "true", NODE_ENV: "test", ...settings },
      trustedCaPems: [tls.caPem],
    });
  } catch (error) {
    await demo.stop();
    throw error;
  }
  gatehouse = world.publicUrl;
  await world.emulator.admin.addApp(CONTOSO_TENANT_ID, {
    clientId: CONTOSO_SSO_CLIENT_ID,
    displayName: "Contoso SSO for Gatehouse",
    secrets: [{ value: CONTOSO_SSO_SECRET }],
    redirectUris: [`${world.publicUrl}/api/v1/auth/callback/t-contoso`],
    roleAssignments: { [users.megan.oid]: ["Gatehouse.Member"] },
  });
  const [contoso] = await world.sql`select id from tenant where key = 'contoso'`;
  const tenantId = contoso!.id as string;
  const key = secretKey(Buffer.from(world.settingsFor(0).SECRET_ENCRYPTION_KEY!, "base64url"));
  await world.sql`insert into tenant_domain (domain, tenant_id, verified_at) values ('contoso.example', ${tenantId}, now())`;
  await world.sql`
    insert into tenant_sso_config (tenant_id, kind, entra_tenant_id, client_id, client_secret_encrypted, enabled)
    values (${tenantId}, 'entra', ${CONTOSO_TENANT_ID}, ${CONTOSO_SSO_CLIENT_ID}, ${encryptSecret(CONTOSO_SSO_SECRET, tenantId, key)}, true)`;
  return {
    world,
    demo,
    tls,
    async userIdOf(email) {
      const [row] = await world.sql`select id from "user" where email = ${email}`;
      return row?.id as string | undefined;
    },
    async stop() {
      await world.stop();
      await demo.stop();
    },
  };
}

/** An https server on loopback with the world's certificate, answering every request with `answer`. */
export async function startHttpsServer(tls: TlsMaterial, answer: Parameters<typeof createServer>[1]): Promise<{ origin: string; stop(): Promise<void> }> {
  const server: Server = createServer({ cert: tls.certificatePem, key: tls.privateKeyPem }, answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `https://localhost:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
