import { redirect } from "next/navigation";
import type { SignedInUser } from "@/lib/auth/session-lookup";
import { tenantAuth } from "@/lib/auth/tenant-auth";

/** Who is signed in, read by Auth.js from the session cookie and its database row; null when nobody is. */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  const session = (await tenantAuth()) as { gatehouse?: SignedInUser } | null;
  return session?.gatehouse ?? null;
}

/**
 * For every signed-in page: sends visitors to /login, a user who must still choose a new password to
 * /change-password — until then nothing else is reachable — and someone without a workspace to create one.
 */
export async function requireSignedInUser(): Promise<SignedInUser & { tenant: NonNullable<SignedInUser["tenant"]> }> {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  if (!user.tenant) redirect("/workspace/new");
  return user as SignedInUser & { tenant: NonNullable<SignedInUser["tenant"]> };
}
