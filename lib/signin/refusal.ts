import type { EntraError } from "@/lib/entra/entra-error";
import type { UserMessageCode } from "@/lib/errors/user-messages";

/**
 * Why a sign-in did not complete, as a typed value: each reason is audited under its name, logged in words and
 * shown with the sentence its `message` code names. An answer from the identity provider that fails verification
 * is never reported as Gatehouse's misconfiguration.
 */
export type SignInRefusal =
  /** The IdP sent an error to our redirect URI instead of a code. */
  | { reason: "entra_error"; entra: EntraError }
  /** No usable flow cookie came back: expired, deleted, forged, or started for another provider. */
  | { reason: "flow_missing" }
  /** The attempt was completed already, or expired: a replayed callback. */
  | { reason: "attempt_used" }
  /** The authorization response or the ID token failed a check; `check` names which. */
  | { reason: "answer_unverified"; check: string }
  /** The token endpoint answered an OAuth error. */
  | { reason: "token_error"; error: string; code: string | null }
  /** The IdP could not be reached (network failure, timeout, 5xx). */
  | { reason: "idp_unreachable"; idp: string }
  /** A real configuration fault: the issuer's metadata is unusable. */
  | { reason: "configuration"; detail: string };

export function messageCodeOf(refusal: SignInRefusal): UserMessageCode {
  switch (refusal.reason) {
    case "entra_error":
      return "entra_error";
    case "flow_missing":
      return "microsoft_session_expired";
    case "attempt_used":
    case "token_error":
      return "sign_in_failed";
    case "answer_unverified":
      return "idp_answer_unverified";
    case "idp_unreachable":
      return "idp_unreachable";
    case "configuration":
      return "auth_configuration";
  }
}

/** The facts of a refusal worth auditing, beside its reason (never a token or a secret). */
export function auditFactsOf(refusal: SignInRefusal): Record<string, unknown> {
  switch (refusal.reason) {
    case "entra_error":
      return { ...refusal.entra };
    case "answer_unverified":
      return { check: refusal.check };
    case "token_error":
      return { error: refusal.error, code: refusal.code };
    case "idp_unreachable":
      return { idp: refusal.idp };
    case "configuration":
      return { problem: refusal.detail.slice(0, 300) };
    default:
      return {};
  }
}

/** One line for the server log: the reason in words, never a token or a secret. */
export function describeRefusal(providerId: string, refusal: SignInRefusal, reference: string): string {
  const detail =
    refusal.reason === "answer_unverified"
      ? ` (${refusal.check})`
      : refusal.reason === "token_error"
        ? ` (${refusal.error}${refusal.code ? ` ${refusal.code}` : ""})`
        : refusal.reason === "idp_unreachable"
          ? ` (${refusal.idp})`
          : refusal.reason === "configuration"
            ? ` (${refusal.detail})`
            : "";
  return `[sign-in] ${providerId}: refused, ${refusal.reason}${detail}; reference ${reference}`;
}
