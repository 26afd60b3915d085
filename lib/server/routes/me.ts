import { tenantCookieNames } from "@/lib/auth/cookie-names";
import { toMeResponse } from "@/lib/auth/me-response";
import { loadSessionAndUser } from "@/lib/auth/session-lookup";
import { messageFor } from "@/lib/errors/user-messages";
import { isDatabaseUnavailable } from "@/lib/health/database-failure";
import { jsonAnswer, type Answer, type Exchange } from "../http-exchange";
import type { RouteContext } from "./route-context";

/**
 * GET /api/v1/me: who the session cookie belongs to, in one database round trip. A lookup that fails is the
 * database's outage (503 with the contract's message, and the watch is told at once), never "signed out": only a
 * lookup that succeeds and finds nothing is.
 */
export async function me(context: RouteContext, exchange: Exchange): Promise<Answer> {
  if (exchange.method !== "GET" && exchange.method !== "HEAD") return jsonAnswer(405, { error: "method_not_allowed", message: messageFor("method_not_allowed") }, { allow: "GET, HEAD" });
  const token = exchange.cookies.get(tenantCookieNames(context.settings.secureCookies).sessionToken);
  let found: Awaited<ReturnType<typeof loadSessionAndUser>> = null;
  if (token && !token.includes("\u0000")) {
    try {
      found = await loadSessionAndUser(context.db, token, context.policy, context.clock.now());
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      context.database?.checkNow();
      console.error(`[me] the session lookup failed: ${error instanceof Error ? error.message : String(error)}`);
      return jsonAnswer(503, { error: "database_unavailable", message: messageFor("database_unavailable") }, { "retry-after": "5" });
    }
  }
  const user = found?.user.gatehouse;
  if (!user) return jsonAnswer(401, { error: "not_signed_in", message: messageFor("not_signed_in") });
  if (user.mustChangePassword) return jsonAnswer(403, { error: "password_change_required", message: messageFor("password_change_required") });
  return jsonAnswer(200, toMeResponse(user));
}
