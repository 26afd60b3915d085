import { expect, test, type Browser } from "@playwright/test";
import type postgres from "postgres";
import { createDedicatedDatabase } from "./support/dedicated-database";
import { startLoopbackDns, type LoopbackDns } from "./support/dns-server";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { createPasswordUser, signInWithPassword } from "./support/password-users";
import { freePort, spawnGatehouse, type RunningServer } from "./support/spawn-server";

/**
 * Settings → Domains on a server of its own whose DNS_RESOLVER is a real DNS server on loopback: a tenant admin adds
 * a domain, publishes the TXT record Gatehouse shows, and verifies it; at 390 px the page does not scroll sideways.
 */
let database: Awaited<ReturnType<typeof createDedicatedDatabase>>;
let sql: postgres.Sql;
let dns: LoopbackDns;
let server: RunningServer;
let origin: string;
const PASSWORD = "domains admin passphrase";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await createDedicatedDatabase("domains");
  sql = database.sql;
  dns = await startLoopbackDns();
  const port = await freePort();
  server = await spawnGatehouse({ PORT: String(port), DATABASE_URL: database.url, DNS_RESOLVER: dns.address });
  origin = `http://localhost:${port}`;
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'litware', 'Litware') returning id`;
  await createPasswordUser(sql, { login: "lena@litware.example", password: PASSWORD, name: "Lena Litware", tenantId: tenant!.id, role: "admin" });
});
test.afterAll(async () => {
  await server?.stop();
  await dns?.stop();
  await database?.drop();
});

/** Lena, signed in on this file's own server (at a phone's width when asked). */
async function signedInAdmin(browser: Browser, viewport?: { width: number; height: number }) {
  const context = await browser.newContext({ baseURL: origin, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  await signInWithPassword(page, "lena@litware.example", PASSWORD);
  await page.goto("/settings/domains");
  return page;
}

test("a tenant admin proves a domain with the TXT record Gatehouse gives, through the DNS server Gatehouse is told to use", async ({ browser }) => {
  const page = await signedInAdmin(browser);
  await page.getByLabel("Domain").fill("Litware.example");
  await page.getByRole("button", { name: "Add domain" }).click();
  const card = page.getByTestId("domain-litware.example");
  await expect(card).toContainText("Pending");
  const name = (await card.getByTestId("txt-name").textContent())!;
  const value = (await card.getByTestId("txt-value").textContent())!;
  expect(name).toBe("_gatehouse-challenge.litware.example");

  // Not published yet: the page says so, with a reference, and nothing changes.
  await card.getByRole("button", { name: "Verify litware.example" }).click();
  await expect(card.getByRole("alert")).toContainText("could not find the TXT record yet");
  await expect(card.getByRole("alert")).toContainText(/Reference: GH-/);
  await expect(card).toContainText("Pending");

  dns.setTxt(name, [value]);
  await card.getByRole("button", { name: "Verify litware.example" }).click();
  await expect(card).toContainText("Verified");
  const [row] = await sql`select verified_at from tenant_domain where domain = 'litware.example'`;
  expect(row!.verified_at).not.toBeNull();
});

test("a public mail domain is refused with the reason", async ({ browser }) => {
  const page = await signedInAdmin(browser);
  await page.getByLabel("Domain").fill("outlook.com");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Public mail domains" })).toBeVisible();
  expect(await sql`select 1 from tenant_domain where domain = 'outlook.com'`).toHaveLength(0);
});

test("Settings → Domains does not scroll sideways on a 390 px phone", async ({ browser }) => {
  const page = await signedInAdmin(browser, PHONE);
  await expect(page.getByTestId("domain-litware.example")).toBeVisible();
  await expectNoHorizontalScroll(page);
});
