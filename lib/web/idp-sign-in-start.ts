import { redirect } from "next/navigation";
import { watchIdpReachability } from "@/lib/oidc/idp-outage";

/**
 * Runs a sign-in start (Auth.js's `signIn`, which discovers the IdP and then throws Next.js's redirect to it).
 * When the IdP cannot be reached, Auth.js would send the user to its "configuration" error; this sends them to
 * "Microsoft is unreachable, try again" with a button that starts the same sign-in again.
 */
export async function startSignInWatchingIdp(
  start: () => Promise<unknown>,
  retry: string,
  unreachablePage = `/error?code=idp_unreachable&retry=${encodeURIComponent(retry)}`,
): Promise<never> {
  const { outcome, unreachable } = await watchIdpReachability(start);
  if (unreachable) redirect(unreachablePage);
  if (outcome.status === "rejected") throw outcome.reason;
  throw new Error("A sign-in start ended without a redirect");
}
