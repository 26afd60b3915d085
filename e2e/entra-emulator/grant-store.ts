import { opaqueValue } from "./ids";
import type { CodeChallengeMethod } from "./pkce";

/**
 * What the emulator remembers between the steps of a sign-in, in memory: the account-picker handle (between the
 * picker page and the choice), the authorization code (between the redirect and its redemption, single use, ten
 * minutes) and refresh tokens. Each lookup checks expiry against the emulator's clock.
 */

export type AuthorizeRequest = {
  authoritySegment: string;
  clientId: string;
  redirectUri: string;
  responseMode: "query" | "fragment" | "form_post";
  scopes: string[];
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string;
  codeChallengeMethod: CodeChallengeMethod;
  loginHint: string | undefined;
};

export type AuthorizationCode = {
  request: AuthorizeRequest;
  tenantId: string;
  oid: string;
  sid: string;
  expiresAt: number;
};

export type RefreshGrant = { clientId: string; tenantId: string; oid: string; sid: string; scopes: string[]; expiresAt: number };

export type Redemption<T> = { outcome: "ok"; grant: T } | { outcome: "unknown" | "expired" | "redeemed" };

const CODE_LIFETIME_MS = 10 * 60_000;
const PICKER_LIFETIME_MS = 10 * 60_000;
const REFRESH_LIFETIME_MS = 90 * 86_400_000;

export class GrantStore {
  private readonly pending = new Map<string, { request: AuthorizeRequest; expiresAt: number }>();
  private readonly codes = new Map<string, AuthorizationCode>();
  /** Redeemed codes are remembered until they would have expired, to answer a replay with AADSTS54005. */
  private readonly redeemed = new Map<string, number>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  beginSignIn(request: AuthorizeRequest, now: number): string {
    this.sweep(now);
    const handle = opaqueValue(24);
    this.pending.set(handle, { request, expiresAt: now + PICKER_LIFETIME_MS });
    return handle;
  }

  /** Single use: a picker page can be answered once. */
  takeSignIn(handle: string, now: number): AuthorizeRequest | undefined {
    const entry = this.pending.get(handle);
    this.pending.delete(handle);
    return entry && entry.expiresAt > now ? entry.request : undefined;
  }

  issueCode(grant: Omit<AuthorizationCode, "expiresAt">, now: number): string {
    this.sweep(now);
    // Entra's codes are long opaque strings that start with a version marker.
    const code = `1.A${opaqueValue(96)}`;
    this.codes.set(code, { ...grant, expiresAt: now + CODE_LIFETIME_MS });
    return code;
  }

  /**
   * Takes the code out whatever happens next, so a failed redemption cannot be retried with other parameters.
   * `replayable` names the clients in hostile mode `code_replay`, whose codes stay redeemable until they expire.
   */
  redeemCode(code: string, now: number, replayable: (clientId: string) => boolean = () => false): Redemption<AuthorizationCode> {
    if (this.redeemed.has(code)) return { outcome: "redeemed" };
    const grant = this.codes.get(code);
    if (!grant) return { outcome: "unknown" };
    if (!replayable(grant.request.clientId)) {
      this.codes.delete(code);
      this.redeemed.set(code, grant.expiresAt);
    }
    return grant.expiresAt > now ? { outcome: "ok", grant } : { outcome: "expired" };
  }

  issueRefreshToken(grant: Omit<RefreshGrant, "expiresAt">, now: number): string {
    const token = `1.A${opaqueValue(160)}`;
    this.refreshTokens.set(token, { ...grant, expiresAt: now + REFRESH_LIFETIME_MS });
    return token;
  }

  /** Entra's refresh tokens are not single use; the old one keeps working until it expires. */
  refreshGrant(token: string, now: number): Redemption<RefreshGrant> {
    const grant = this.refreshTokens.get(token);
    if (!grant) return { outcome: "unknown" };
    return grant.expiresAt > now ? { outcome: "ok", grant } : { outcome: "expired" };
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(key);
    for (const [key, entry] of this.codes) if (entry.expiresAt + CODE_LIFETIME_MS <= now) this.codes.delete(key);
    for (const [key, expiresAt] of this.redeemed) if (expiresAt <= now) this.redeemed.delete(key);
  }
}
