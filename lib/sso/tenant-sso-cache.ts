import type { GroupMapping } from "@/lib/groups/evaluate-group-mappings";
import type { TenantSsoForSignIn } from "./tenant-sso-config";

/**
 * Tenant SSO configurations, with the workspace's group mappings, cached per process for a short time so that a
 * sign-in's two legs (start, callback) and a burst of sign-ins do not each decrypt and query. Saving the card or a
 * mapping drops the entry here; other instances see the change within the TTL.
 */
export type CachedTenantSso = TenantSsoForSignIn & { groupMappings: GroupMapping[] };
const TTL_MS = 30_000;
type Entry = { value: CachedTenantSso | undefined; expires: number };
// On globalThis: Next.js may bundle this module into several route chunks, and they must share one cache.
const shared = globalThis as typeof globalThis & { __gatehouseTenantSso?: Map<string, Entry> };
const entries = (shared.__gatehouseTenantSso ??= new Map<string, Entry>());

export async function cachedTenantSso(key: string, load: () => Promise<CachedTenantSso | undefined>, now = Date.now()) {
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value;
  const value = await load();
  entries.set(key, { value, expires: now + TTL_MS });
  return value;
}

export function forgetTenantSso(key: string): void {
  entries.delete(key);
}

/** Drops a workspace's entry by its id (a group mapping changed there). */
export function forgetTenantSsoOf(tenantId: string): void {
  for (const [key, entry] of entries) if (entry.value?.tenantId === tenantId) entries.delete(key);
}
