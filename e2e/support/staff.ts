import { expect, type Page } from "@playwright/test";

/** The console's sign-in as staff do it: /manage, "Sign in with Microsoft", pick the account in the emulator. */
export async function startStaffSignIn(page: Page, name: string): Promise<void> {
  await page.goto("/manage");
  await expect(page).toHaveURL(/\/manage\/sign-in$/);
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.getByRole("button", { name: new RegExp(name) }).click();
}

export async function signInAsStaff(page: Page, name: string): Promise<void> {
  await startStaffSignIn(page, name);
  await expect(page).toHaveURL(/\/manage$/);
  await expect(page.getByTestId("staff-identity")).toContainText(name);
}
