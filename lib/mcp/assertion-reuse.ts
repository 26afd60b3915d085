import type { Clock } from "@/lib/time/clock";
import { ASSERTION_LIFETIME_SECONDS } from "./identity-assertion";
import type { VerifiedPrincipal } from "./principal";

/**
 * The identity assertions the gateway sends upstream, kept per principal so that a client's requests in a row cost
 * one ES256 signature rather than one each, as access proxies do with the assertions they pass on (Cloudflare
 * Access, Pomerium). A principal is the object the principal cache keeps: when the cache forgets it (a removal, a
 * revocation, its 60 seconds), its assertion goes with it, and the next request is verified and signed afresh. An
 * assertion is reused only in the first half of its life, so the upstream always receives one with at least 30
 * seconds to run.
 */
export type AssertionReuse = (principal: VerifiedPrincipal, sign: () => Promise<string>) => Promise<string>;

export const ASSERTION_REUSE_MS = (ASSERTION_LIFETIME_SECONDS * 1000) / 2;

export function createAssertionReuse(clock: Clock): AssertionReuse {
  const kept = new WeakMap<VerifiedPrincipal, { assertion: Promise<string>; renewAtMs: number }>();
  return (principal, sign) => {
    const now = clock.now().getTime();
    const entry = kept.get(principal);
    if (entry && now < entry.renewAtMs) return entry.assertion;
    const assertion = sign();
    kept.set(principal, { assertion, renewAtMs: now + ASSERTION_REUSE_MS });
    // A signature that failed is not kept.
    assertion.catch(() => kept.get(principal)?.assertion === assertion && kept.delete(principal));
    return assertion;
  };
}
