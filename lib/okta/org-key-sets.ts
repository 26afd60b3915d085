import type { JWK } from "jose";
import { createKeySet, type KeySet } from "@/lib/signin/key-set";
import type { DiscoveryFetch } from "./okta-issuer";

/**
 * The signing keys of each bound Okta org, cached per issuer (lib/signin/key-set.ts: fresh for 10 minutes, one
 * refetch on an unknown `kid` per cooldown, the last good set served through an outage). The keys are found through
 * the org's own discovery document, so only the issuer the workspace saved is ever asked.
 */
export type OrgKeySets = { of(issuer: string): KeySet };

export function orgKeySets(fetchImpl: DiscoveryFetch, now: () => number = Date.now): OrgKeySets {
  const sets = new Map<string, KeySet>();
  const getJson = async (url: string) => {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(10_000), headers: { accept: "application/json" }, redirect: "error" });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    of(issuer) {
      let set = sets.get(issuer);
      if (!set) {
        set = createKeySet(
          async () => {
            const discovery = await getJson(`${issuer}/.well-known/openid-configuration`);
            if (discovery.issuer !== issuer || typeof discovery.jwks_uri !== "string" || !discovery.jwks_uri.startsWith("https://")) throw new Error(`${issuer} publishes no usable jwks_uri`);
            const jwks = await getJson(discovery.jwks_uri);
            return Array.isArray(jwks.keys) ? (jwks.keys as JWK[]) : [];
          },
          { now },
        );
        sets.set(issuer, set);
      }
      return set;
    },
  };
}
