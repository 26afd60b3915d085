import * as oauth from "oauth4webapi";
import type { JWK } from "jose";
import { createKeySet, type KeySet } from "./key-set";

/**
 * The relying party's view of one issuer: its discovery document (as oauth4webapi's AuthorizationServer), the
 * signature algorithms its ID tokens may use, and its signing keys. Views are cached per issuer for `freshMs`;
 * the fetch they use is the caller's (in the server, the process's IdP fetch, which keeps a stale copy of a
 * discovery document through an outage), so a warm sign-in makes no call but the token request.
 */
export type IdpFetch = (url: string, init?: RequestInit) => Promise<Response>;

export type IssuerView = {
  server: oauth.AuthorizationServer;
  /** ID-token algorithms this issuer may use: its advertised list without `none` and the symmetric HS*. */
  algorithms: string[];
  keys: KeySet;
};

export class IssuerConfigurationError extends Error {
  readonly code = "issuer_configuration";
}

export type IssuerViews = { view(discoveryIssuer: string): Promise<IssuerView> };

export function createIssuerViews(options: { fetch: IdpFetch; freshMs?: number; now?: () => number; jwksCooldownMs?: number }): IssuerViews {
  const freshMs = options.freshMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const views = new Map<string, { view: IssuerView; at: number }>();
  const loading = new Map<string, Promise<IssuerView>>();
  const fetchOption = { [oauth.customFetch]: (url: string, init: RequestInit) => options.fetch(url, init) };

  async function load(discoveryIssuer: string): Promise<IssuerView> {
    const response = await oauth.discoveryRequest(new URL(discoveryIssuer), fetchOption);
    let server: oauth.AuthorizationServer;
    try {
      server = await oauth.processDiscoveryResponse(expectedDocumentIssuer(discoveryIssuer), response);
    } catch (error) {
      throw new IssuerConfigurationError(`the discovery document of ${discoveryIssuer} is not usable: ${(error as Error).message}`, { cause: error });
    }
    if (!server.jwks_uri || !server.token_endpoint || !server.authorization_endpoint)
      throw new IssuerConfigurationError(`the discovery document of ${discoveryIssuer} lacks an endpoint`);
    const previous = views.get(discoveryIssuer)?.view;
    const keys =
      previous && previous.server.jwks_uri === server.jwks_uri
        ? previous.keys
        : createKeySet(() => fetchKeys(options.fetch, server.jwks_uri!), { now, cooldownMs: options.jwksCooldownMs });
    const advertised = server.id_token_signing_alg_values_supported ?? ["RS256"];
    const algorithms = advertised.filter((alg) => alg !== "none" && !/^HS/i.test(alg));
    return { server, algorithms, keys };
  }

  return {
    async view(discoveryIssuer) {
      const cached = views.get(discoveryIssuer);
      if (cached && now() - cached.at < freshMs) return cached.view;
      let pending = loading.get(discoveryIssuer);
      if (!pending) {
        pending = load(discoveryIssuer).finally(() => loading.delete(discoveryIssuer));
        loading.set(discoveryIssuer, pending);
      }
      try {
        const view = await pending;
        views.set(discoveryIssuer, { view, at: now() });
        if (views.size > 1000) views.delete(views.keys().next().value!);
        return view;
      } catch (error) {
        // The IdP fetch already serves a stale discovery document through an outage; this keeps the parsed view.
        if (cached) return cached.view;
        throw error;
      }
    },
  };
}

/**
 * The issuer a discovery document must name. Entra's multi-tenant endpoints (`/common`, `/organizations`) publish
 * the literal template `{authority}/{tenantid}/v2.0`; every other issuer names itself (OIDC Discovery §4.3).
 */
function expectedDocumentIssuer(discoveryIssuer: string): URL {
  const multiTenant = /^(.*)\/(common|organizations|consumers)\/v2\.0$/.exec(discoveryIssuer);
  return new URL(multiTenant ? `${multiTenant[1]}/{tenantid}/v2.0` : discoveryIssuer);
}

const MAX_JWKS_BYTES = 256 * 1024;

async function fetchKeys(fetch: IdpFetch, uri: string): Promise<JWK[]> {
  const response = await fetch(uri, { headers: { accept: "application/json" }, redirect: "manual" });
  if (response.status !== 200) throw new IssuerConfigurationError(`the keys at ${uri} answered HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_JWKS_BYTES) throw new IssuerConfigurationError(`the keys at ${uri} are too large`);
  const body = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(body.keys)) throw new IssuerConfigurationError(`the keys at ${uri} are not a JWKS`);
  return body.keys.filter((k): k is JWK => Boolean(k) && typeof k === "object");
}
