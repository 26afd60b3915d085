import { createHmac } from "node:crypto";

/**
 * Entra's `sub` is pairwise: the same person has a different `sub` in every app and every tenant, while `oid` is
 * the same for every app in one tenant. The key is a constant so that subjects survive restarts, as real ones
 * never change; it protects nothing.
 */
const PAIRWISE_KEY = "gatehouse-entra-emulator/pairwise-subject/v1";

/** 43 base64url characters (an HMAC-SHA256), the length of Entra's own subjects. */
export function pairwiseSubject(tenantId: string, oid: string, clientId: string): string {
  return createHmac("sha256", PAIRWISE_KEY).update(`${tenantId}\u0000${oid}\u0000${clientId.toLowerCase()}`).digest("base64url");
}
