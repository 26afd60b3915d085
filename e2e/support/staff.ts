import { expect, type Page } from "@playwright/test";
import { entraEmulatorAdmin } from "./entra";
import { OPERATOR_TENANT_ID, staff } from "./entra-test-seed";

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

/**
 * A console app of its own in the operator's directory for a server started by one test file (its redirect URI
 * names that server's port), with the same staff role assignments as the run's console app.
 */
export async function registerConsoleApp(consoleOrigin: string): Promise<{ clientId: string; clientSecret: string }> {
  const clientId = crypto.randomUUID();
  const clientSecret = `console-${crypto.randomUUID()}~e2e-only`;
  await entraEmulatorAdmin().addApp(OPERATOR_TENANT_ID, {
    clientId,
    displayName: `Gatehouse console for ${consoleOrigin}`,
    secrets: [{ value: clientSecret }],
    redirectUris: [`${consoleOrigin}/api/v1/manage/auth/callback/staff-entra`],
    roleAssignments: { [staff.olivia.oid]: ["Staff.Admin"], [staff.sam.oid]: ["Staff.Support"] },
  });
  return { clientId, clientSecret };
}
