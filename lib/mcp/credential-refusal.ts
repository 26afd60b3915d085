import type { UserMessageCode } from "@/lib/errors/user-messages";

/**
 * Why a credential was refused, in the terms of RFC 6750 and the MCP authorization spec: 401 `invalid_token` for a
 * credential that is not acceptable (the client should get a new one), 403 `insufficient_scope` for a good
 * credential without the scope the resource requires. `reason` is the stable code written to the audit trail;
 * `message` names the sentence (lib/errors/user-messages.ts) given as `error_description`. `facts` are the claims
 * worth auditing (never the token; for an API key, its non-secret lookup id), and once the workspace is known, the scope its challenge should name.
 */
export type RefusalFacts = { tid?: string; oid?: string; aud?: string; ver?: string; workspaceId?: string; requiredScope?: string; keyId?: string; appId?: string };

export type CredentialRefusal = {
  ok: false;
  status: 401 | 403 | 503;
  error: "invalid_token" | "insufficient_scope" | "temporarily_unavailable";
  reason: string;
  message: UserMessageCode;
  facts: RefusalFacts;
};

export function invalidToken(reason: string, message: UserMessageCode, facts: RefusalFacts = {}): CredentialRefusal {
  return { ok: false, status: 401, error: "invalid_token", reason, message, facts };
}
