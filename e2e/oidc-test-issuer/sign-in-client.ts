import { httpsFetch } from "../entra-emulator/https-client";

/**
 * Goes through the test issuer as a browser would, without one: from the authorization URL, following its
 * redirects (automatic login and consent) with its cookies, until it sends the browser back to the relying party.
 * Returns that callback URL.
 */
export async function signInAtTestIssuer(authorizeUrl: string, options: { caPem: string; maxHops?: number }): Promise<URL> {
  const issuerOrigin = new URL(authorizeUrl).origin;
  const cookies = new Map<string, string>();
  let url = new URL(authorizeUrl);
  for (let hop = 0; hop < (options.maxHops ?? 12); hop++) {
    if (url.origin !== issuerOrigin) return url;
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await httpsFetch(url.toString(), { ca: options.caPem, headers: cookie ? { cookie } : {} });
    for (const line of response.headers["set-cookie"] ?? []) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    const location = response.headers.location;
    if (!location) throw new Error(`the test issuer answered ${response.status} without a redirect: ${response.body.slice(0, 300)}`);
    url = new URL(location, url);
  }
  throw new Error("the test issuer redirected too many times");
}
