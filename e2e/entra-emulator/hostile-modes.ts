import { deterministicGuid } from "./ids";

/**
 * Hostile mode: per client id, the emulator answers that client with exactly one thing wrong, so a relying party's
 * tests can show that it refuses each hostile identity-provider answer. Everything else about the answer (claims,
 * keys, headers, other clients) stays as usual. Set and cleared through the admin API.
 */
export const HOSTILE_MODES = [
  // The ID token (every one the token endpoint issues to the client: code and refresh grants).
  "bad_signature", //      signature bytes corrupted; the JWS stays well-formed and names a published kid
  "unknown_kid", //        signed by a key the emulator generated and never publishes
  "missing_kid", //        no kid and no x5t in the header, while the key sets list at least two keys
  "alg_none", //           alg "none" (kid kept), empty signature
  "hs256_public_key", //   alg HS256, HMAC keyed with the published RSA key's SPKI PEM (see hs256KeyBytes)
  "wrong_iss", //          iss of another tenant (HOSTILE_OTHER_TENANT_ID), tid unchanged
  "wrong_aud", //          aud is another client id (HOSTILE_OTHER_CLIENT_ID)
  "missing_aud", //        no aud
  "expired", //            exp twenty minutes ago, iat and nbf 65 minutes before that
  "future_iat", //         iat and nbf an hour ahead, exp 65 minutes after them
  "wrong_nonce", //        a nonce other than the authorization request's
  "missing_nonce", //      no nonce
  "oversized_token", //    padded with a claim until the token response is just over 1 MiB
  // The authorization response (the redirect with the code).
  "wrong_state", //        a state other than the request's
  "mixup_iss", //          an RFC 9207 `iss` parameter naming another issuer
  // The token endpoint.
  "code_replay", //        an authorization code can be redeemed again (normally single use)
  "token_error", //        every token request answers 400 invalid_grant AADSTS70008
  "missing_id_token", //   200 with the access token, no id_token
] as const;

export type HostileMode = (typeof HOSTILE_MODES)[number];

/** The tenant named by `wrong_iss` and `mixup_iss`: a well-formed directory id that no seed uses. */
export const HOSTILE_OTHER_TENANT_ID = deterministicGuid("hostile-mode", "other-tenant");

/** The audience of `wrong_aud`: a well-formed client id of no registered app. */
export const HOSTILE_OTHER_CLIENT_ID = deterministicGuid("hostile-mode", "other-client");

/** The padding claim of `oversized_token`, and the size the token response reaches (at least, by a few bytes). */
export const OVERSIZED_PADDING_CLAIM = "xms_hostile_padding";
export const OVERSIZED_RESPONSE_BYTES = 1024 * 1024;

export function isHostileMode(value: string): value is HostileMode {
  return (HOSTILE_MODES as readonly string[]).includes(value);
}

/** Which client is in which mode; a client with no entry is answered normally. */
export class HostileModes {
  private readonly byClient = new Map<string, HostileMode>();

  set(clientId: string, mode: HostileMode | null): void {
    if (mode === null) this.byClient.delete(clientId);
    else this.byClient.set(clientId, mode);
  }

  of(clientId: string): HostileMode | undefined {
    return this.byClient.get(clientId);
  }

  /** True when `clientId` is in exactly `mode`: handlers ask the one question they act on. */
  is(clientId: string, mode: HostileMode): boolean {
    return this.byClient.get(clientId) === mode;
  }

  all(): Record<string, HostileMode> {
    return Object.fromEntries(this.byClient);
  }
}
