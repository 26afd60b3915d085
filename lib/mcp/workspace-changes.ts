import type { Clock } from "@/lib/time/clock";

/**
 * When each workspace last changed in a way that can revoke a principal, as heard on the credential-change channel
 * (credential-change-listener.ts). Gatehouse's own access tokens are verified without the database
 * (gatehouse-credential-verifier.ts): a token issued before a change of its workspace heard since is in doubt, and
 * only such a token costs a database read. When the listening (re)connects, changes may have been missed, so every
 * workspace counts as changed at that instant.
 */
export type WorkspaceChanges = {
  /** A change of this workspace was announced. */
  heard(tenantId: string): void;
  /** The listening connected (again): whatever happened before now may not have been heard. */
  heardAll(): void;
  /** Whether a token of this workspace issued at `issuedAt` may predate a change heard since. */
  predatesChange(tenantId: string, issuedAt: Date | null): boolean;
};

/** Instances' clocks differ a little: a token issued this soon after a change heard here counts as older. */
export const CHANGE_CLOCK_MARGIN_MS = 5_000;

/** A change older than this cannot concern a live token: no access token Gatehouse issues lasts beyond 15 minutes. */
const REMEMBERED_MS = 20 * 60_000;

export function createWorkspaceChanges(clock: Clock): WorkspaceChanges {
  // In the order heard, oldest first, so forgetting stops at the first change still remembered.
  const changedAt = new Map<string, number>();
  let allChangedAt = Number.NEGATIVE_INFINITY;
  return {
    heard(tenantId) {
      const now = clock.now().getTime();
      changedAt.delete(tenantId);
      changedAt.set(tenantId, now);
      for (const [id, at] of changedAt) {
        if (at > now - REMEMBERED_MS) break;
        changedAt.delete(id);
      }
    },
    heardAll() {
      allChangedAt = clock.now().getTime();
      changedAt.clear();
    },
    predatesChange(tenantId, issuedAt) {
      if (!issuedAt) return true;
      const last = Math.max(allChangedAt, changedAt.get(tenantId) ?? Number.NEGATIVE_INFINITY);
      return issuedAt.getTime() <= last + CHANGE_CLOCK_MARGIN_MS;
    },
  };
}
