import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import type postgres from "postgres";
import { encryptSecret, secretKey } from "@/lib/crypto/secret-box";
import { createTlsMaterial } from "./entra-emulator/certificates";
import { startOidcTestIssuer, type RunningTestIssuer, type TestIssuerPerson } from "./oidc-test-issuer/index";
import { createDedicatedDatabase } from "./support/dedicated-database";
import { freePort, spawnGatehouse, type RunningServer } from "./support/spawn-server";

/**
 * Tenant SSO through generic OpenID Connect issuers in a browser: panva's certified oidc-provider, started here on
 * loopback over HTTPS, configured the ways Okta, Auth0, Keycloak or Google Workspace hand out e-mail and roles. A
 * Gatehouse server of its own trusts the test issuers' CA (the shared test server trusts only the Entra emulator's).
 */
let database: Awaited<ReturnType<typeof createDedicatedDatabase>>;
let sql: postgres.Sql;
let server: RunningServer;
const issuers: RunningTestIssuer[] = [];
const ENCRYPTION_KEY = randomBytes(32);
const SECRET = "generic-issuer-e2e-secret";

const ula: TestIssuerPerson = { loginHint: "ula@userinfo.example", sub: "ula-1", claims: { email: "ula@userinfo.example", email_verified: true, name: "Ula Info", roles: ["Gatehouse.Admin"] } };
const sam: TestIssuerPerson = { loginHint: "sam@stringrole.example", sub: "sam-1", claims: { email: "sam@stringrole.example", name: "Sam String", roles: "Gatehouse.Admin" } };
const gil: TestIssuerPerson = { loginHint: "gil@groups.example", sub: "gil-1", claims: { email: "gil@groups.example", name: "Gil Groups", groups: ["Everyone", "Gatehouse.Member"] } };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await createDedicatedDatabase("generic_oidc");
  sql = database.sql;
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const tls = await createTlsMaterial(new Date());
  const client = (key: string) => ({ clientId: `${key}-client`, clientSecret: SECRET, redirectUris: [`${origin}/api/v1/auth/callback/t-${key}`] });
  // oidc-provider's default: with an access token issued, `email` and the other scope claims are in UserInfo only.
  const userInfoOnly = await startOidcTestIssuer({ tls, claimsIn: "userinfo", people: [ula], clients: [client("userinfo")] });
  const inIdToken = await startOidcTestIssuer({ tls, claimsIn: "id_token", people: [sam, gil], clients: [client("stringrole"), client("groups")] });
  issuers.push(userInfoOnly, inIdToken);
  server = await spawnGatehouse({ DATABASE_URL: database.url, SECRET_ENCRYPTION_KEY: ENCRYPTION_KEY.toString("base64url"), NODE_EXTRA_CA_CERTS: userInfoOnly.caCertPath }, { port });

  const workspace = async (key: string, name: string, domain: string, issuer: string, card: { roleClaim?: string; displayName?: string } = {}) => {
    const id = crypto.randomUUID();
    await sql`insert into tenant (id, key, name) values (${id}, ${key}, ${name})`;
    await sql`insert into tenant_domain (domain, tenant_id, verified_at) values (${domain}, ${id}, now())`;
    const sealed = encryptSecret(SECRET, id, secretKey(ENCRYPTION_KEY));
    await sql`
      insert into tenant_sso_config (tenant_id, kind, issuer_url, client_id, client_secret_encrypted, enabled, role_claim, display_name)
      values (${id}, 'oidc', ${issuer}, ${`${key}-client`}, ${sealed}, true, ${card.roleClaim ?? "roles"}, ${card.displayName ?? null})`;
  };
  await workspace("userinfo", "UserInfo Co", "userinfo.example", userInfoOnly.issuer, { displayName: "Example SSO" });
  await workspace("stringrole", "String Role Co", "stringrole.example", inIdToken.issuer);
  await workspace("groups", "Groups Co", "groups.example", inIdToken.issuer, { roleClaim: "groups" });
});

test.afterAll(async () => {
  await server?.stop();
  await Promise.all(issuers.map((issuer) => issuer.stop()));
  await database?.drop();
});

test("an issuer that puts email only in UserInfo signs people in, from a button named after it, with their role", async ({ page }) => {
  await page.goto(`${server.publicUrl}/login`);
  await page.getByLabel("Email or username").fill(ula.loginHint);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("button", { name: "Continue with Example SSO" }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition")).toHaveText(["Ula Info", "ula@userinfo.example", "UserInfo Co", "Admin"]);
});

test("an issuer that sends a single role as a string signs people in with that role", async ({ page }) => {
  await page.goto(`${server.publicUrl}/login?login_hint=${encodeURIComponent(sam.loginHint)}`);
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition")).toHaveText(["Sam String", "sam@stringrole.example", "String Role Co", "Admin"]);
});

test("an issuer that sends roles in groups signs people in with the right role when the card names that claim", async ({ page }) => {
  await page.goto(`${server.publicUrl}/login?login_hint=${encodeURIComponent(gil.loginHint)}`);
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition")).toHaveText(["Gil Groups", "gil@groups.example", "Groups Co", "Member"]);
  const [row] = await sql`select m.role from tenant_membership m join "user" u on u.id = m.user_id where u.email = ${gil.loginHint}`;
  expect(row!.role).toBe("member");
});
