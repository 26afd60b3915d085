import { AsyncLocalStorage } from "node:async_hooks";

/**
 * "The identity provider could not be reached" as a fact a request handler can ask about. Auth.js catches every
 * error thrown inside a sign-in and turns it into `?error=Configuration`, which would tell the user that Gatehouse
 * is misconfigured when Microsoft is simply down. So the IdP fetch (idp-fetch.ts) notes a network failure in the
 * request's async context, and the handler that started the work asks afterwards.
 */
export class IdpUnreachableError extends Error {
  readonly code = "idp_unreachable";
  constructor(readonly origin: string, cause: unknown) {
    super(`The identity provider at ${origin} could not be reached`, { cause });
    this.name = "IdpUnreachableError";
  }
}

type Watch = { unreachable?: string };
// On globalThis: Next.js may bundle this module into several chunks, and the route and the fetch must share it.
const shared = globalThis as typeof globalThis & { __gatehouseIdpWatch?: AsyncLocalStorage<Watch> };
const watch = (shared.__gatehouseIdpWatch ??= new AsyncLocalStorage<Watch>());

export function noteIdpUnreachable(origin: string): void {
  const current = watch.getStore();
  if (current) current.unreachable ??= origin;
}

/**
 * Runs `work` and reports whether it failed to reach an identity provider on the way, whatever `work` made of that
 * failure (a redirect to an error page, a thrown error). `outcome` is the settled result of `work`.
 */
export async function watchIdpReachability<T>(work: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; unreachable?: string }> {
  const state: Watch = {};
  const outcome = await watch.run(state, () =>
    work().then(
      (value): PromiseSettledResult<T> => ({ status: "fulfilled", value }),
      (reason: unknown): PromiseSettledResult<T> => ({ status: "rejected", reason }),
    ),
  );
  return { outcome, unreachable: state.unreachable };
}
