import { afterAll, beforeAll, afterEach, describe, expect, it } from "vitest";
import { formBody, httpsFetch } from "./https-client";
import { generatedGroupIds } from "./seed";
import { startEntraEmulator, type RunningEntraEmulator } from "./server";
import { API_V2, CONTOSO, contractSeed, SECRET, SINGLE_TENANT_APP, users } from "./test-fixture";

/** The emulator's Microsoft Graph getMemberObjects: who it answers, how it pages, and its throttled and down modes. */
let entra: RunningEntraEmulator;
beforeAll(async () => {
  entra = await startEntraEmulator({ seed: contractSeed(), port: 0 });
});
afterAll(() => entra?.stop());
afterEach(() => entra.admin.setGraphMode(null));

async function appToken(scope: string): Promise<string> {
  const form = formBody({ grant_type: "client_credentials", client_id: SINGLE_TENANT_APP, client_secret: SECRET, scope });
  const answer = await httpsFetch(`${entra.url}/${CONTOSO}/oauth2/v2.0/token`, { method: "POST", ca: entra.caPem, ...form });
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}

const memberObjects = (url: string, token: string) =>
  httpsFetch(url, { method: "POST", ca: entra.caPem, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: '{"securityEnabledOnly":false}' });

describe("the emulator's Microsoft Graph", () => {
  it("pages a 201-group user's ids by 100, linked by @odata.nextLink", async () => {
    const token = await appToken("https://graph.microsoft.com/.default");
    let url: string | undefined = `${entra.url}/v1.0/users/${users.overage.oid}/getMemberObjects`;
    const pages: number[] = [];
    const ids: string[] = [];
    while (url) {
      const answer = await memberObjects(url, token);
      expect(answer.status).toBe(200);
      const body = JSON.parse(answer.body) as { value: string[]; "@odata.nextLink"?: string };
      pages.push(body.value.length);
      ids.push(...body.value);
      url = body["@odata.nextLink"];
    }
    expect(pages).toEqual([100, 100, 1]);
    expect(ids).toEqual(generatedGroupIds(CONTOSO, users.overage.oid, 201));
  });

  it("refuses a token for another resource (an API app's app-only token) with 401 InvalidAuthenticationToken", async () => {
    const answer = await memberObjects(`${entra.url}/v1.0/users/${users.overage.oid}/getMemberObjects`, await appToken(`api://${API_V2}/.default`));
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "InvalidAuthenticationToken" } });
  });

  it("throttles the next requests with 429 and Retry-After, then answers again", async () => {
    const token = await appToken("https://graph.microsoft.com/.default");
    await entra.admin.setGraphMode({ mode: "throttle", retryAfterSeconds: 7, times: 2 });
    const url = `${entra.url}/v1.0/users/${users.verified.oid}/getMemberObjects`;
    for (let i = 0; i < 2; i++) {
      const throttled = await memberObjects(url, token);
      expect(throttled.status).toBe(429);
      expect(throttled.headers["retry-after"]).toBe("7");
    }
    expect((await memberObjects(url, token)).status).toBe(200);
  });

  it("answers 503 while down", async () => {
    const token = await appToken("https://graph.microsoft.com/.default");
    await entra.admin.setGraphMode({ mode: "down" });
    const answer = await memberObjects(`${entra.url}/v1.0/users/${users.verified.oid}/getMemberObjects`, token);
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBeUndefined();
  });
});
