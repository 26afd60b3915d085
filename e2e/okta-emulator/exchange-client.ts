import { emulatorFetch } from "../support/emulator-fetch";
import type { RunningOktaEmulator } from "./server";
import { ID_JAG_TOKEN_TYPE, ID_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./token-exchange";

/** What an MCP client sends for leg 1 (research §6.2), with the requesting app's credentials in Basic. */
export type ExchangeRequest = {
  client: { id: string; secret: string };
  subjectToken: string;
  audience: string;
  resource?: string;
  scope?: string;
  /** default the org token endpoint; a custom authorization server's issuer to show its refusal */
  issuer?: string;
  requestedTokenType?: string;
};

export async function exchangeAtOkta(okta: RunningOktaEmulator, request: ExchangeRequest): Promise<{ status: number; body: Record<string, unknown> }> {
  const endpoint = request.issuer && request.issuer !== okta.issuer ? `${request.issuer}/v1/token` : `${okta.issuer}/oauth2/v1/token`;
  const fields: Record<string, string> = {
    grant_type: TOKEN_EXCHANGE_GRANT,
    requested_token_type: request.requestedTokenType ?? ID_JAG_TOKEN_TYPE,
    subject_token: request.subjectToken,
    subject_token_type: ID_TOKEN_TYPE,
    audience: request.audience,
    ...(request.resource ? { resource: request.resource } : {}),
    ...(request.scope ? { scope: request.scope } : {}),
  };
  const response = await emulatorFetch(okta.caPem)(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${request.client.id}:${request.client.secret}`).toString("base64")}` },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
