import { htmlResponse, redirectResponse, type EmulatorResponse } from "./http";
import { formPostPage } from "./pages";

/**
 * Returns the result of an authorization request (a code, or an error) to the client's redirect URI in the
 * requested response mode: query string, fragment, or an auto-submitting form POST.
 */
export function respondToRedirectUri(
  redirectUri: string,
  responseMode: "query" | "fragment" | "form_post",
  params: [string, string][],
): EmulatorResponse {
  if (responseMode === "form_post") return htmlResponse(200, formPostPage(redirectUri, params));
  const target = new URL(redirectUri);
  if (responseMode === "fragment") {
    target.hash = new URLSearchParams(params).toString();
  } else {
    for (const [name, value] of params) target.searchParams.append(name, value);
  }
  return redirectResponse(target.toString());
}
