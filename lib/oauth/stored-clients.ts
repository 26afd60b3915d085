import { and, eq } from "drizzle-orm";
import type { ClientMetadata } from "oidc-provider";
import type { Database } from "@/db/client";
import { oauthModels } from "@/db/schema";

/**
 * Clients Gatehouse itself registers (confidential server apps registered by staff, machine accounts) are stored where
 * oidc-provider finds every client: a `Client` row of its storage (drizzle-adapter.ts), without expiry. Their
 * `client_secret` is only ever the hashed form of client-secrets.ts. Saving replaces the whole metadata, so disabling
 * a client is removing its row and a rotated secret takes effect at the next request on every instance.
 */
export async function saveClient(db: Database, metadata: ClientMetadata): Promise<void> {
  const row = { payload: metadata as Record<string, unknown>, grantId: null, userCode: null, uid: null, expiresAt: null };
  await db
    .insert(oauthModels)
    .values({ model: "Client", id: metadata.client_id, ...row })
    .onConflictDoUpdate({ target: [oauthModels.model, oauthModels.id], set: { ...row, consumedAt: null } });
}

export async function removeClient(db: Database, clientId: string): Promise<void> {
  await db.delete(oauthModels).where(and(eq(oauthModels.model, "Client"), eq(oauthModels.id, clientId)));
}
