import type { TenantSsoForSignIn } from "./tenant-sso-config";

/**
 * Tenant SSO configurations, cached per process for a short time so that a sign-in's two legs (start, callback)
 * and a burst of sign-ins do not each decrypt and query. Saving the card drops the entry here; other instances
 * see the change within the TTL.
 */
const TTL_MS = 30_000;
type Entry = { value: TenantSsoForSignIn | undefined; expires: number };
// On globalThis: Next.js may bundle this module into several route chunks, and they must share one cache.
const shared = globalThis as typeof globalThis & { __gatehouseTenantSso?: Map<string, Entry> };
const entries = (shared.__gatehouseTenantSso ??= new Map<string, Entry>());

export async function cachedTenantSso(key: string, load: () => Promise<TenantSsoForSignIn | undefined>, now = Date.now()) {
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value;
  const value = await load();
  entries.set(key, { value, expires: now + TTL_MS });
  return value;
}

export function forgetTenantSso(key: string): void {
  entries.delete(key);
}
