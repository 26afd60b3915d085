import type { IncomingMessage } from "node:http";
import type { Database } from "@/db/client";
import type { AuthPolicy } from "@/lib/auth/auth-policy";
import { tenantCookieNames } from "@/lib/auth/cookie-names";
import { loadSessionAndUser } from "@/lib/auth/session-lookup";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import { parseCookies } from "@/lib/server/http-exchange";
import type { Clock } from "@/lib/time/clock";
import type { Person } from "./interaction";

/**
 * The person an authorization acts for: whoever Gatehouse's own session cookie names (the same lookup as
 * `/api/v1/me`), with the workspace of that session. Someone who must still choose a new password is nobody yet.
 */
export function sessionPersonReader(dependencies: { db: Database; policy: AuthPolicy; clock: Clock; secureCookies: boolean }) {
  const cookieName = tenantCookieNames(dependencies.secureCookies).sessionToken;
  return async (req: IncomingMessage): Promise<Person | null> => {
    const token = parseCookies(req.headers.cookie).get(cookieName);
    if (!token || token.includes("\u0000")) return null;
    const found = await loadSessionAndUser(dependencies.db, token, dependencies.policy, dependencies.clock.now());
    const user = found?.user.gatehouse;
    if (!user || user.mustChangePassword) return null;
    return { userId: user.id, tenantId: user.tenant?.id ?? null, label: user.email ?? user.login, clientIp: String(req.headers[CLIENT_IP_HEADER] ?? "") };
  };
}
