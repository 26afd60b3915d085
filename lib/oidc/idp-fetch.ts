import { IdpUnreachableError } from "./idp-outage";

/**
 * The `fetch` the sign-in engine uses for every call to an identity provider.
 *
 * Discovery documents are cached here per URL, so a warm sign-in makes one outbound call (the token request):
 *  - fresh for `freshMs` (10 minutes), then fetched again at the next use;
 *  - concurrent sign-ins share one in-flight fetch;
 *  - when the refetch fails (the IdP is down), the stale copy keeps serving for up to `staleMs`, so a short
 *    outage of the metadata endpoint does not stop sign-ins that can still reach the token endpoint;
 *  - only 200 answers are kept, at most `maxEntries` issuers (oldest dropped first).
 * Signing keys are cached by the engine itself (lib/signin/key-set.ts), which also refetches on an unknown `kid`.
 *
 * Every call gets a deadline, and a network failure or a server error is thrown as IdpUnreachableError, so the
 * person sees "Microsoft is unreachable" instead of a configuration error.
 *
 * A cached document is kept per `scope` and URL, and each call goes out through the `underlying` fetch given.
 */
export type IdpFetchOptions = { freshMs?: number; staleMs?: number; timeoutMs?: number; maxEntries?: number; now?: () => number };

type CachedDocument = { body: string; headers: [string, string][]; fetchedAt: number };

export type IdpFetchCache = (underlying: typeof fetch, scope: string) => typeof fetch;

export function createIdpFetchCache(options: IdpFetchOptions = {}): IdpFetchCache {
  const freshMs = options.freshMs ?? 10 * 60_000;
  const staleMs = options.staleMs ?? 24 * 60 * 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const documents = new Map<string, CachedDocument>();
  const inFlight = new Map<string, Promise<CachedDocument | Response>>();

  async function send(underlying: typeof fetch, url: string, init?: RequestInit): Promise<Response> {
    try {
      return await underlying(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      // Only a failure to reach the IdP is an outage. Anything else (Entra's own fetch choking on an error answer
      // for a wrong tenant ID, say) is a configuration problem and must not read "try again".
      if (isNetworkFailure(error)) throw new IdpUnreachableError(new URL(url).origin, error);
      throw error;
    }
  }

  /** The network answer: a cacheable document, or any other response to hand back as it is. */
  async function load(underlying: typeof fetch, key: string, url: string, init?: RequestInit): Promise<CachedDocument | Response> {
    const response = await send(underlying, url, init);
    // A server error is an outage of the IdP (the stale copy, if any, keeps serving); other answers go back as they are.
    if (response.status >= 500) throw new IdpUnreachableError(new URL(url).origin, new Error(`HTTP ${response.status}`));
    if (response.status !== 200) return response;
    const body = await response.text();
    // A discovery document is a few KiB: anything bigger is handed back once but never kept.
    if (body.length > MAX_DOCUMENT_CHARS) return new Response(body, { status: 200, headers: response.headers });
    const document = { body, headers: [...response.headers], fetchedAt: now() };
    documents.delete(key);
    documents.set(key, document);
    if (documents.size > maxEntries) documents.delete(documents.keys().next().value!);
    return document;
  }

  const toResponse = (document: CachedDocument) => new Response(document.body, { status: 200, headers: document.headers });

  return (underlying, scope) =>
    async function idpFetch(input, init) {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      if (method !== "GET" || !isDiscoveryUrl(url)) return send(underlying, url, init);

      const key = `${scope} ${url}`;
      const cached = documents.get(key);
      if (cached && now() - cached.fetchedAt < freshMs) return toResponse(cached);
      let pending = inFlight.get(key);
      if (!pending) {
        // The shared fetch must not be cancelled by one caller's signal, so it gets its own deadline only.
        pending = load(underlying, key, url, { headers: init?.headers, redirect: init?.redirect }).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      try {
        const loaded = await pending;
        return loaded instanceof Response ? loaded.clone() : toResponse(loaded);
      } catch (error) {
        if (!(error instanceof IdpUnreachableError)) throw error;
        if (cached && now() - cached.fetchedAt < staleMs) return toResponse(cached);
        throw error;
      }
    };
}

const MAX_DOCUMENT_CHARS = 64 * 1024;

/** undici's "fetch failed" (refused, reset, DNS, TLS) and a deadline that passed. */
function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === "TimeoutError" || error.name === "AbortError" || (error instanceof TypeError && error.message === "fetch failed");
}

function isDiscoveryUrl(url: string): boolean {
  const { pathname } = new URL(url);
  return pathname.endsWith("/.well-known/openid-configuration") || pathname.endsWith("/.well-known/oauth-authorization-server");
}

// One cache per process, shared by every issuer view.
const shared = globalThis as typeof globalThis & { __gatehouseIdpFetchCache?: IdpFetchCache };
const processCache = (shared.__gatehouseIdpFetchCache ??= createIdpFetchCache());

/** The process's caching IdP fetch, going out through `underlying` (a provider's own fetch, or the global one). */
export function idpFetch(underlying: typeof fetch = fetch, scope = ""): typeof fetch {
  return processCache(underlying, scope);
}
