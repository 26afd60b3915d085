import { createHash, timingSafeEqual } from "node:crypto";
import * as aadsts from "./aadsts";
import type { RegisteredApp } from "./directory";

/**
 * Client authentication at the token endpoint: a secret in the body (`client_secret_post`) or in HTTP Basic
 * (`client_secret_basic`, with RFC 6749's form-encoding of id and secret). An app without secrets is a public
 * client and must present none. Wrong secret and expired secret are told apart, as Entra does, with 401s.
 */

export type PresentedClient = { clientId: string | undefined; secret: string | undefined; assertion: boolean };

export function presentedClient(body: URLSearchParams, authorization: string | undefined): PresentedClient {
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)), assertion: false };
    }
  }
  return {
    clientId: body.get("client_id") ?? undefined,
    secret: body.get("client_secret") ?? undefined,
    assertion: body.has("client_assertion"),
  };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** Returns Entra's `appidacr`/`azpacr` for the client: "1" for a secret, "0" for a public client. */
export function authenticateClient(client: RegisteredApp, presented: PresentedClient, now: Date): "0" | "1" {
  const { app } = client;
  if (presented.assertion) throw aadsts.clientAssertionUnsupported();
  if (app.secrets.length === 0) {
    if (presented.secret !== undefined) throw aadsts.publicClientWithSecret();
    return "0";
  }
  if (presented.secret === undefined) throw aadsts.clientSecretMissing();
  const match = app.secrets.find((s) => sameSecret(s.value, presented.secret!));
  if (!match) throw aadsts.invalidClientSecret(app.clientId);
  if (match.expiresAt !== undefined && Date.parse(match.expiresAt) <= now.getTime()) throw aadsts.expiredClientSecret(app.clientId);
  return "1";
}

/** Compares digests so the comparison takes the same time whatever the secrets' lengths and contents. */
function sameSecret(expected: string, presented: string): boolean {
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(presented).digest();
  return timingSafeEqual(a, b);
}
