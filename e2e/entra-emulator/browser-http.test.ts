import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formBody, httpsFetch } from "./https-client";
import { startEntraEmulator, type RunningEntraEmulator } from "./server";
import { contractSeed, pkcePair, PLATFORM_APP, REDIRECT_URI, SECRET, users } from "./test-fixture";

/**
 * The `browserHttp` option: the pages a browser opens are also served over plain http on loopback and advertised in
 * discovery, while everything a relying party calls server to server stays https.
 */
let emulator: RunningEntraEmulator;
beforeAll(async () => {
  emulator = await startEntraEmulator({ seed: contractSeed(), port: 0, browserHttp: true });
});
afterAll(async () => {
  await emulator?.stop();
});

function authorizePath(challenge: string): string {
  const query = new URLSearchParams({
    client_id: PLATFORM_APP,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    scope: "openid profile email",
    state: "state-123",
    nonce: "nonce-456",
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  return `/common/oauth2/v2.0/authorize?${query}`;
}

describe("browser pages over plain http (browserHttp)", () => {
  it("listens on http://localhost and discovery advertises the http authorize and sign-out URLs, the rest https", async () => {
    expect(emulator.browserUrl).toMatch(/^http:\/\/localhost:\d+$/);
    const response = await httpsFetch(`${emulator.url}/common/v2.0/.well-known/openid-configuration`, { ca: emulator.caPem });
    expect(response.status).toBe(200);
    const document = JSON.parse(response.body) as Record<string, string>;
    expect(document.authorization_endpoint).toBe(`${emulator.browserUrl}/common/oauth2/v2.0/authorize`);
    expect(document.end_session_endpoint).toBe(`${emulator.browserUrl}/common/oauth2/v2.0/logout`);
    expect(document.token_endpoint).toBe(`${emulator.url}/common/oauth2/v2.0/token`);
    expect(document.jwks_uri).toBe(`${emulator.url}/common/discovery/v2.0/keys`);
    expect(document.userinfo_endpoint).toBe(`${emulator.url}/oidc/userinfo`);
    expect(document.issuer).toBe(`${emulator.url}/{tenantid}/v2.0`);
  });

  it("serves the account picker over http, which posts back over http, and the code redeems over https", async () => {
    const { verifier, challenge } = pkcePair();
    const picker = await fetch(`${emulator.browserUrl}${authorizePath(challenge)}`);
    expect(picker.status).toBe(200);
    expect(picker.headers.get("strict-transport-security")).toBeNull();
    const html = await picker.text();
    expect(html).toContain("Pick an account");
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action).toBe(`${emulator.browserUrl}/common/login`);
    const handle = /name="handle" value="([^"]+)"/.exec(html)![1]!;
    const offered = [...html.matchAll(/name="account" value="([^"]+)"/g)].map((m) => m[1]!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))));
    const account = offered.find((value) => value.endsWith(`:${users.verified.oid}`))!;

    const form = formBody({ handle, account });
    const chosen = await fetch(action!, { method: "POST", body: form.body, headers: form.headers, redirect: "manual" });
    expect(chosen.status).toBe(302);
    const location = new URL(chosen.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);

    const token = formBody({
      grant_type: "authorization_code",
      client_id: PLATFORM_APP,
      client_secret: SECRET,
      code: location.searchParams.get("code")!,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    const redeemed = await httpsFetch(`${emulator.url}/common/oauth2/v2.0/token`, { method: "POST", ca: emulator.caPem, ...token });
    expect(redeemed.status).toBe(200);
  });

  it("refuses the token endpoint, keys, discovery, userinfo and the admin API over http", async () => {
    const refused = [
      ["POST", "/common/oauth2/v2.0/token"],
      ["GET", "/common/discovery/v2.0/keys"],
      ["GET", "/common/v2.0/.well-known/openid-configuration"],
      ["GET", "/oidc/userinfo"],
      ["GET", "/_emulator/requests"],
    ] as const;
    for (const [method, path] of refused) {
      const response = await fetch(`${emulator.browserUrl}${path}`, {
        method,
        ...(method === "POST" ? formBody({ grant_type: "client_credentials", client_id: PLATFORM_APP, client_secret: SECRET }) : {}),
      });
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { message: string }).message).toContain(`use ${emulator.url}${path}`);
    }
  });

  it("is off by default: discovery advertises the https authorize URL", async () => {
    const plain = await startEntraEmulator({ seed: contractSeed(), port: 0 });
    try {
      expect(plain.browserUrl).toBeUndefined();
      const response = await httpsFetch(`${plain.url}/common/v2.0/.well-known/openid-configuration`, { ca: plain.caPem });
      expect((JSON.parse(response.body) as Record<string, string>).authorization_endpoint).toBe(`${plain.url}/common/oauth2/v2.0/authorize`);
    } finally {
      await plain.stop();
    }
  });
});
