import { expect, type Page } from "@playwright/test";
import type postgres from "postgres";
import { hashPassword } from "@/lib/auth/password-hash";

/** A user with a password (and optionally a membership), written straight into the server's database. */
export async function createPasswordUser(
  sql: postgres.Sql,
  input: { login: string; password: string; name?: string; tenantId?: string; role?: "admin" | "member" },
): Promise<string> {
  const email = input.login.includes("@") ? input.login : null;
  const [user] = await sql`insert into "user" (id, name, email) values (${crypto.randomUUID()}, ${input.name ?? "Test User"}, ${email}) returning id`;
  await sql`insert into password_credential (user_id, login, hash) values (${user!.id}, ${input.login}, ${await hashPassword(input.password)})`;
  if (input.tenantId) await sql`insert into tenant_membership (user_id, tenant_id, role) values (${user!.id}, ${input.tenantId}, ${input.role ?? "member"})`;
  return user!.id as string;
}

/** /login as a person does it: the e-mail (or username), Continue, the password, Sign in. */
export async function submitPasswordSignIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email or username").fill(login);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function signInWithPassword(page: Page, login: string, password: string): Promise<void> {
  await submitPasswordSignIn(page, login, password);
  await expect(page).toHaveURL(/\/auth\/callback$/);
}
