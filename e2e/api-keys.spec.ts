import { expect, test } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { createPasswordUser, signInWithPassword } from "./support/password-users";

const sql = connectToTestDatabase();
test.afterAll(() => sql.end());

const PASSWORD = "a sturdy api-key passphrase";

for (const viewport of [null, PHONE]) {
  const width = viewport ? "390 px" : "desktop";

  test(`a person creates an API key on /account/api-keys, sees it once, then only its name and prefix, and revokes it (${width})`, async ({ page }) => {
    if (viewport) await page.setViewportSize(viewport);
    const label = `keys-${viewport ? "p" : "d"}`;
    const email = `${label}@northwind.example`;
    const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${`nw-${label}`}, ${`Northwind ${label}`}) returning id`;
    const userId = await createPasswordUser(sql, { login: email, password: PASSWORD, tenantId: tenant!.id });
    await signInWithPassword(page, email, PASSWORD);

    await page.goto("/account");
    await page.getByRole("link", { name: "Manage API keys" }).click();
    await expect(page).toHaveURL(/\/account\/api-keys$/);
    await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    await expect(page.getByText("You have no API keys.")).toBeVisible();
    await expectNoHorizontalScroll(page);

    // A name is required: a clear message on the field, nothing created.
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.locator("#name-error")).toHaveText("Enter a name of 1 to 60 characters, such as the laptop or script that will use the key.");
    await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Name").fill("Build laptop");
    await page.getByLabel("Expires in").selectOption("30");
    await expect(page.getByRole("checkbox", { name: /mcp/ })).toBeChecked();
    await page.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByTestId("new-api-key-value");
    await expect(shown).toHaveText(/^ghk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const key = (await shown.textContent())!;
    await expect(page.getByTestId("new-api-key").getByRole("status")).toHaveText("Copy your new API key now. Gatehouse keeps only a hash of it and cannot show it again.");
    await expect(page.getByRole("button", { name: "Copy key" })).toBeVisible();
    const prefix = key.slice(0, 16);
    const list = page.getByTestId("api-keys");
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(list).toContainText("Build laptop");
    await expect(list).toContainText(`${prefix}…`);
    await expect(list).toContainText("Last used never");
    await expectNoHorizontalScroll(page);

    // Stored as a hash, never the key.
    const [row] = await sql`select lookup_id, hash from personal_api_key where user_id = ${userId}`;
    expect(row!.lookup_id).toBe(prefix.slice(4));
    expect(row!.hash).not.toContain(key.slice(17));

    // Shown once: a fresh load lists the name and prefix only.
    await page.reload();
    await expect(list).toContainText("Build laptop");
    await expect(list).toContainText(`${prefix}…`);
    await expect(page.getByTestId("new-api-key")).toHaveCount(0);
    expect(await page.content()).not.toContain(key.slice(17));
    await expectNoHorizontalScroll(page);

    await list.getByRole("button", { name: "Revoke Build laptop" }).click();
    await expect(list).toContainText("revoked");
    await expect(list.getByRole("button", { name: "Revoke Build laptop" })).toHaveCount(0);
    const [revoked] = await sql`select revoked_at from personal_api_key where user_id = ${userId}`;
    expect(revoked!.revoked_at).not.toBeNull();
  });
}
