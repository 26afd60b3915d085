import { hkdfSync, randomBytes } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";

/**
 * The one cookie that carries a started sign-in from the authorization request to the callback: the attempt's id,
 * the provider it was started for, and the PKCE verifier, state and nonce — sealed (JWE `dir` + A256GCM) so the
 * browser can neither read nor change it. It is bound to its provider: a flow started for one IdP is worthless at
 * another's callback. It lives ten minutes, as long as the attempt row it names.
 */
export type SignInFlow = {
  attemptId: string;
  providerId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where the person goes after signing in, already checked at the start. */
  returnTo: string;
};

export const FLOW_LIFETIME_SECONDS = 10 * 60;

export type FlowKey = Uint8Array;

/** A key for flow cookies derived from an instance's secret (AUTH_SECRET or MGMT_AUTH_SECRET). */
export function flowKey(secret: string): FlowKey {
  return new Uint8Array(hkdfSync("sha256", secret, "", "gatehouse sign-in flow cookie", 32));
}

export function newAttemptId(): string {
  return randomBytes(18).toString("base64url");
}

export async function sealFlow(flow: SignInFlow, key: FlowKey, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new EncryptJWT({ a: flow.attemptId, p: flow.providerId, s: flow.state, n: flow.nonce, v: flow.codeVerifier, r: flow.returnTo })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + FLOW_LIFETIME_SECONDS)
    .encrypt(key);
}

/** The flow sealed in `value`, or undefined when it is absent, forged, expired or was started for another provider. */
export async function openFlow(value: string | undefined, key: FlowKey, providerId: string, now: Date): Promise<SignInFlow | undefined> {
  if (!value || value.length > 4096) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, key, { currentDate: now, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
    const text = (name: string) => (typeof payload[name] === "string" ? (payload[name] as string) : undefined);
    const flow = { attemptId: text("a"), providerId: text("p"), state: text("s"), nonce: text("n"), codeVerifier: text("v"), returnTo: text("r") };
    if (Object.values(flow).some((v) => v === undefined) || flow.providerId !== providerId) return undefined;
    return flow as SignInFlow;
  } catch {
    return undefined;
  }
}
