import { redirect } from "next/navigation";
import type { SignedInUser } from "@/lib/auth/session-lookup";
import { tenantAuth } from "@/lib/auth/tenant-auth";

/** Who is signed in, read by Auth.js from the session cookie and its database row; null when nobody is. */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  const session = (await tenantAuth()) as { gatehouse?: SignedInUser } | null;
  return session?.gatehouse ?? null;
}

/**
 * For every signed-in page: sends visitors to /login, and a user who must still choose a new password to
 * /change-password — until then nothing else is reachable.
 */
export async function requireSignedInUser(): Promise<SignedInUser> {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  return user;
}
