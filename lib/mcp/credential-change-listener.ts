import type { DatabaseHandle } from "@/db/client";
import type { PrincipalCache } from "./principal-cache";

/** The channel the triggers of the migration `credential_change_notifications` announce workspaces' changes on. */
export const CREDENTIAL_CHANGES_CHANNEL = "gatehouse_credentials";

/**
 * Connects the principal cache to the database's announcements: each one (a workspace's id) drops that workspace's
 * principals; the cache serves only while the listening is connected and is emptied whenever it connects or is lost.
 */
export function listenForCredentialChanges(database: Pick<DatabaseHandle, "listen">, cache: PrincipalCache): Promise<void> {
  return database.listen(CREDENTIAL_CHANGES_CHANNEL, {
    onMessage: (tenantId) => cache.dropWorkspace(tenantId),
    onConnect: () => cache.listening(true),
    onDisconnect: () => cache.listening(false),
  });
}
