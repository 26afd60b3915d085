import { htmlResponse, redirectResponse, type EmulatorRequest, type EmulatorResponse } from "./http";
import { signedOutPage } from "./pages";
import type { EmulatorState } from "./state";

/**
 * `/{tenant}/oauth2/v2.0/logout`. The emulator keeps no browser session, so signing out only returns the browser:
 * to `post_logout_redirect_uri` when it is a redirect URI some app registered (never an open redirect), with
 * `state` echoed; otherwise to a "you signed out" page.
 */
export function handleLogout(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const target = request.url.searchParams.get("post_logout_redirect_uri");
  const registered = state.directory.allTenants().some((t) => t.apps.some((a) => target !== null && a.redirectUris.includes(target)));
  if (!target || !registered) return htmlResponse(200, signedOutPage());
  const location = new URL(target);
  const clientState = request.url.searchParams.get("state");
  if (clientState !== null) location.searchParams.set("state", clientState);
  return redirectResponse(location.toString());
}
