import { getSettings } from "@/lib/config/load-settings";

/**
 * CSRF protection for state-changing route handlers (server actions get the same check from Next.js): the browser's
 * Origin header must be the public origin the handler is served under (the broker's, or the console's). Browsers always send Origin on cross-site POST/PUT/PATCH/DELETE,
 * so a missing or foreign Origin is refused.
 */
export function isSameOriginRequest(request: Request, publicOrigin = getSettings().apiPublicUrl): boolean {
  const origin = request.headers.get("origin");
  return origin !== null && origin === publicOrigin;
}

export function crossOriginRefusal(): Response {
  return Response.json({ error: "cross_origin", message: "This request did not come from Gatehouse's own pages." }, { status: 403 });
}
