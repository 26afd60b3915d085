/**
 * What the gateway knows once a credential is verified: who is calling (a person or a machine), for which
 * workspace, with which scopes. Every credential kind (Entra access tokens today; Gatehouse's own tokens, machine
 * credentials and API keys later) is verified into this one shape, and the upstream learns it only through the
 * identity assertion (identity-assertion.ts), never through the credential itself.
 */
export type VerifiedPrincipal = {
  kind: "user" | "machine";
  workspace: { id: string; key: string };
  /** The Gatehouse user (or, later, machine) id: the same person whatever credential they present. */
  subject: string;
  /** The address the workspace's admin gave for this person (never a token's unverified `email`). */
  email: string | null;
  scopes: string[];
  credential: CredentialKind;
  /** The Entra directory and object behind the principal, when the credential came from Entra. */
  entra?: { tid: string; oid: string };
};

export type CredentialKind = "entra_access_token" | "gatehouse_access_token" | "personal_api_key";
