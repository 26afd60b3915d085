import { randomBytes } from "node:crypto";
import type { ClientMetadata } from "oidc-provider";
import type { Database } from "@/db/client";
import type { ClientSecretHasher } from "@/lib/oauth/client-secrets";
import { removeClient, saveClient } from "@/lib/oauth/stored-clients";

/**
 * A machine as the authorization server sees it: a confidential client allowed the client-credentials grant only,
 * authenticating with one of its live secrets (HTTP Basic or in the form body; oidc-provider accepts both for a
 * client registered with `client_secret_basic`). The client exists only while the machine is active and holds a
 * secret, so a disabled or deleted machine, or one without secrets, is refused `invalid_client` at the token endpoint.
 */
export const MACHINE_CLIENT_ID_PREFIX = "ghm_";

/** A new public client id: recognisable as a machine's, 20 random bytes. */
export function newMachineClientId(): string {
  return MACHINE_CLIENT_ID_PREFIX + randomBytes(20).toString("base64url");
}

export function machineClientMetadata(machine: { clientId: string; name: string }, secretHashes: readonly string[], hasher: ClientSecretHasher): ClientMetadata {
  return {
    client_id: machine.clientId,
    client_secret: hasher.storedForm(secretHashes),
    client_name: machine.name,
    application_type: "web",
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: "client_secret_basic",
  };
}

/** Makes the authorization server's client match an active machine and its live secrets (newest first). */
export function publishMachineClient(db: Database, machine: { clientId: string; name: string }, secretHashes: readonly string[], hasher: ClientSecretHasher): Promise<void> {
  return saveClient(db, machineClientMetadata(machine, secretHashes, hasher));
}

/** Removes the machine's client: its secrets are refused `invalid_client` from the next request on. */
export function withdrawMachineClient(db: Database, clientId: string): Promise<void> {
  return removeClient(db, clientId);
}
