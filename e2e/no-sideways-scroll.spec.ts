import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { staff } from "./support/entra-test-seed";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { createPasswordUser, signInWithPassword } from "./support/password-users";
import { signInAsStaff } from "./support/staff";

/**
 * No settings, account or console page scrolls sideways on a 390 px phone. The pages are read from app/, so a page
 * added later is visited too (a dynamic segment this file cannot fill fails the test, asking for a value). The
 * data is made long on purpose: long names, addresses, domains, redirect hosts and scopes.
 */
const sql = connectToTestDatabase();
const run = randomBytes(3).toString("hex");
const PASSWORD = "no sideways scroll passphrase";
const ADMIN = `a-rather-long-administrator-address-${run}@subsidiary.of.a-very-long-company-name.example`;
let tenantId = "";
let userId = "";

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${`narrow-${run}`}, 'A Workspace With A Long Name For Narrow Screens') returning id`;
  tenantId = tenant!.id;
  await sql`insert into tenant_domain (domain, tenant_id, verified_at) values (${`an-unusually-long-subdomain-${run}.of.a-very-long-company-name.example`}, ${tenantId}, now())`;
  await sql`insert into tenant_sso_config (tenant_id, kind, entra_tenant_id, client_id, client_secret_encrypted, enabled)
            values (${tenantId}, 'entra', ${crypto.randomUUID()}, ${crypto.randomUUID()}, 'sealed-for-layout-only', true)`;
  userId = await createPasswordUser(sql, { login: ADMIN, password: PASSWORD, name: "Maximiliana Longname-Windsor-Mountbatten", tenantId: tenantId, role: "admin" });
  await sql`insert into oauth_model (model, id, payload) values ('Client', ${`client-${run}`}, ${sql.json({ redirect_uris: [`https://a-very-long-redirect-host-name-${run}.tools.example/oauth/callback`] })})`;
  await sql`insert into oauth_consent (user_id, client_id, tenant_id, grant_id, scopes, resource, client_name, created_at, updated_at)
            values (${userId}, ${`client-${run}`}, ${tenantId}, ${`grant-${run}`}, 'mcp:read mcp:write mcp:tools.invoke offline_access', 'https://gatehouse.example/mcp', 'An Editor With A Long Product Name', now(), now())`;
});
test.afterAll(() => sql.end());

/** Every page under a folder of app/, as the URL it answers (route groups dropped, dynamic segments filled). */
function pagesUnder(folder: string, fill: Record<string, string>): string[] {
  const root = join(process.cwd(), "app");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === "page.tsx") found.push(relative(root, dir));
    }
  };
  walk(join(root, folder));
  return found.map(
    (dir) =>
      "/" +
      dir
        .split("/")
        .filter((segment) => !/^\(.*\)$/.test(segment))
        .map((segment) => {
          const dynamic = /^\[(.+)\]$/.exec(segment)?.[1];
          if (!dynamic) return segment;
          expect(fill[dynamic], `a value for [${dynamic}] in ${dir}`).toBeDefined();
          return fill[dynamic]!;
        })
        .join("/"),
  );
}

test.use({ viewport: PHONE });

test("no settings or account page scrolls sideways at 390 px", async ({ page }) => {
  const pages = [...pagesUnder("settings", {}), ...pagesUnder("account", {})];
  expect(pages).toEqual(expect.arrayContaining(["/settings/users", "/settings/sso", "/account", "/account/apps"]));
  await signInWithPassword(page, ADMIN, PASSWORD);
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await page.waitForLoadState("networkidle");
    await expectNoHorizontalScroll(page);
  }
});

test("no console page scrolls sideways at 390 px", async ({ page }) => {
  const pages = pagesUnder("manage/(console)", { tenantId, userId });
  expect(pages).toEqual(expect.arrayContaining(["/manage", `/manage/users/${userId}`, `/manage/tenants/${tenantId}`]));
  await signInAsStaff(page, staff.olivia.name);
  for (const path of pages) {
    const response = await page.goto(path.replace(/^\/manage\/?$/, "/manage?q=narrow"));
    expect(response?.status(), path).toBe(200);
    await expectNoHorizontalScroll(page);
  }
});
