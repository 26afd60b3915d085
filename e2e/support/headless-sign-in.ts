import { tenantCookieNames } from "@/lib/auth/cookie-names";
import { signInThroughAccountPicker } from "../entra-emulator";
import { CookieJar } from "./cookie-jar";

/**
 * A Microsoft or tenant SSO sign-in driven over HTTP without a browser, exactly as a browser makes it: the broker's
 * start URL (which sets the state, PKCE and nonce cookies and redirects to Entra), the emulator's account picker,
 * then the broker's callback with the code, which answers with the session cookie and a redirect into the app.
 * For benchmarks and resilience tests, where a browser would cost more than the broker being measured.
 */
export type HeadlessSignIn = {
  /** where the callback sent the browser (the app on success, /error?… otherwise) */
  landedAt: string;
  /** the session cookie's value when one was set */
  sessionToken?: string;
  jar: CookieJar;
};

export type HeadlessSignInOptions = {
  /** the broker's origin as the browser reaches it */
  brokerUrl: string;
  /** `/api/v1/auth/microsoft/login` or `/api/v1/auth/sso/<key>/login?login_hint=…` */
  startPath: string;
  oid: string;
  emulatorCaPem: string;
  /** the broker to send the callback to, when it is not the one that started the sign-in (several instances) */
  callbackBrokerUrl?: string;
  jar?: CookieJar;
  /** the fetch that reaches the broker (a test can record every answer) */
  http?: typeof fetch;
};

/** Test brokers serve plain http on loopback, so their cookies carry no `__Host-` prefix. */
export const SESSION_COOKIE = tenantCookieNames(false).sessionToken;

export async function headlessSignIn(options: HeadlessSignInOptions): Promise<HeadlessSignIn> {
  const begun = await beginSignIn(options);
  if (!begun.callbackUrl) return { landedAt: begun.landedAt, jar: begun.jar };
  return completeCallback(begun.callbackUrl, { ...options, jar: begun.jar });
}

/**
 * The first half: the start URL and the account picker, up to where Entra sends the browser back to the broker.
 * Without `callbackUrl` the broker did not send the browser to the IdP; `landedAt` says where instead.
 */
export async function beginSignIn(options: HeadlessSignInOptions): Promise<{ callbackUrl?: string; landedAt: string; jar: CookieJar }> {
  const jar = options.jar ?? new CookieJar();
  const http = options.http ?? fetch;
  const started = await http(new URL(options.startPath, options.brokerUrl), { redirect: "manual", headers: { cookie: jar.header() } });
  jar.take(started);
  const authorizeUrl = started.headers.get("location");
  if (!authorizeUrl || started.status < 300 || started.status > 399) throw new Error(`the sign-in start answered ${started.status}, not a redirect`);
  if (!/^https:/.test(authorizeUrl)) return { landedAt: authorizeUrl, jar };

  const picked = await signInThroughAccountPicker({ authorizeUrl, oid: options.oid, caPem: options.emulatorCaPem });
  if (picked.kind !== "redirect") throw new Error(`the emulator did not redirect back: ${picked.kind}`);
  return { callbackUrl: picked.location, landedAt: authorizeUrl, jar };
}

/** The browser's arrival at the broker's callback with whatever the IdP put in the URL, forged or not. */
export async function completeCallback(
  callbackUrl: string,
  options: { brokerUrl: string; callbackBrokerUrl?: string; jar: CookieJar; http?: typeof fetch },
): Promise<HeadlessSignIn> {
  const callback = new URL(callbackUrl);
  const target = new URL(callback.pathname + callback.search, options.callbackBrokerUrl ?? options.brokerUrl);
  const answered = await (options.http ?? fetch)(target, { redirect: "manual", headers: { cookie: options.jar.header() } });
  options.jar.take(answered);
  if (answered.status >= 500) throw new Error(`the callback answered ${answered.status}: ${(await answered.text()).slice(0, 300)}`);
  return { landedAt: answered.headers.get("location") ?? `(status ${answered.status})`, sessionToken: options.jar.get(SESSION_COOKIE), jar: options.jar };
}
