import type { Answer, Exchange } from "../http-exchange";
import { me } from "./me";
import type { RouteContext } from "./route-context";
import { staffSignInCallback, startStaffSignIn } from "./staff-sign-in";
import { startPlatformSignIn, startTenantSsoSignIn, tenantSignInCallback } from "./tenant-sign-in";

/**
 * The routes Gatehouse's Node server answers itself, before Next.js sees the request: the sign-in legs (which need
 * no page rendering and must be fast and exact) and the session check. Everything else goes to Next.js.
 */
export type NodeRoute = (context: RouteContext, exchange: Exchange) => Promise<Answer>;

export function nodeRouteFor(path: string): NodeRoute | undefined {
  switch (path) {
    case "/api/v1/me":
      return me;
    case "/api/v1/auth/microsoft/login":
      return startPlatformSignIn;
    case "/api/v1/manage/sign-in":
      return startStaffSignIn;
    case "/api/v1/manage/auth/callback/staff-entra":
      return staffSignInCallback;
  }
  const sso = /^\/api\/v1\/auth\/sso\/([^/]+)\/login$/.exec(path);
  if (sso) return (context, exchange) => startTenantSsoSignIn(context, exchange, sso[1]!);
  const callback = /^\/api\/v1\/auth\/callback\/([^/]+)$/.exec(path);
  if (callback) return (context, exchange) => tenantSignInCallback(context, exchange, callback[1]!);
  return undefined;
}
