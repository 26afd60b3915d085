import type { DatabaseHandle } from "@/db/client";
import type { PrincipalCache } from "./principal-cache";
import type { WorkspaceChanges } from "./workspace-changes";

/** The channel the triggers of the migration `credential_change_notifications` announce workspaces' changes on. */
export const CREDENTIAL_CHANGES_CHANNEL = "gatehouse_credentials";

/**
 * Connects the principal cache and the record of workspace changes to the database's announcements: each one (a
 * workspace's id) drops that workspace's principals and puts its earlier Gatehouse access tokens in doubt. The cache
 * serves only while the listening is connected and is emptied whenever it connects or is lost; on connecting, every
 * earlier token is in doubt, since changes may have been missed.
 */
export function listenForCredentialChanges(database: Pick<DatabaseHandle, "listen">, cache: PrincipalCache, changes: WorkspaceChanges): Promise<void> {
  return database.listen(CREDENTIAL_CHANGES_CHANNEL, {
    onMessage: (tenantId) => {
      changes.heard(tenantId);
      cache.dropWorkspace(tenantId);
    },
    onConnect: () => {
      changes.heardAll();
      cache.listening(true);
    },
    onDisconnect: () => cache.listening(false),
  });
}
