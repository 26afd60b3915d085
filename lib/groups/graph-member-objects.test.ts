import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEntraEmulator, type RunningEntraEmulator } from "@/e2e/entra-emulator";
import { generatedGroupIds } from "@/e2e/entra-emulator/seed";
import { CONTOSO, contractSeed, SECRET, SINGLE_TENANT_APP } from "@/e2e/entra-emulator/test-fixture";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { idpFetch } from "@/lib/oidc/idp-fetch";
import { graphGroupsOf, retryAfterMs } from "./graph-member-objects";

/** Overage resolution against the Entra emulator's Microsoft Graph, over real HTTPS. */
let entra: RunningEntraEmulator;
const MANY = "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";
const manyGroups = generatedGroupIds(CONTOSO, MANY, 250);

beforeAll(async () => {
  entra = await startEntraEmulator({ seed: contractSeed(), port: 0 });
  await entra.admin.addUser(CONTOSO, { oid: MANY, name: "Many Groups", preferredUsername: "many@contoso.example", groups: manyGroups });
});
afterAll(async () => entra?.stop());
afterEach(async () => entra.admin.setGraphMode(null));

const input = (over: Partial<Parameters<typeof graphGroupsOf>[1]> = {}) => ({
  authorityHost: entra.url,
  graphHost: entra.url,
  entraTenantId: CONTOSO,
  oid: MANY,
  clientId: SINGLE_TENANT_APP,
  clientSecret: SECRET,
  ...over,
});

async function graphRequests() {
  return (await entra.admin.lastRequests(1000)).filter((r) => r.kind === "graph");
}

describe("reading a person's groups from Microsoft Graph (groups overage)", () => {
  it("follows @odata.nextLink across every page and returns all 250 groups", async () => {
    await entra.admin.resetRequests();
    const result = await graphGroupsOf({ fetch: emulatorFetch(entra.caPem) }, input());
    expect(result).toMatchObject({ ok: true, pages: 3, retries: 0 });
    expect(result.ok && [...result.groups].sort()).toEqual([...manyGroups].sort());
    expect((await graphRequests()).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("gets its Graph token by client credentials with the workspace's app, for https://graph.microsoft.com/.default", async () => {
    await entra.admin.resetRequests();
    await graphGroupsOf({ fetch: emulatorFetch(entra.caPem) }, input());
    const tokens = (await entra.admin.lastRequests(100)).filter((r) => r.kind === "token");
    expect(tokens).toEqual([expect.objectContaining({ path: `/${CONTOSO}/oauth2/v2.0/token`, grantType: "client_credentials", status: 200 })]);
  });

  it("waits the Retry-After of a 429 before asking again, then succeeds", async () => {
    await entra.admin.setGraphMode({ mode: "throttle", retryAfterSeconds: 1, times: 1 });
    await entra.admin.resetRequests();
    const waits: number[] = [];
    const started = Date.now();
    const result = await graphGroupsOf({ fetch: emulatorFetch(entra.caPem), wait: (ms) => (waits.push(ms), new Promise((r) => setTimeout(r, ms))) }, input());
    expect(result).toMatchObject({ ok: true, retries: 1, pages: 3 });
    expect(waits).toEqual([1000]);
    const requests = await graphRequests();
    expect(requests.map((r) => r.status)).toEqual([429, 200, 200, 200]);
    expect(Date.parse(requests[1]!.at) - Date.parse(requests[0]!.at)).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("gives up as throttled, without waiting, when Retry-After does not fit the sign-in's budget", async () => {
    await entra.admin.setGraphMode({ mode: "throttle", retryAfterSeconds: 30, times: 1 });
    const waits: number[] = [];
    const result = await graphGroupsOf({ fetch: emulatorFetch(entra.caPem), budgetMs: 5000, wait: async (ms) => void waits.push(ms) }, input());
    expect(result).toEqual({ ok: false, reason: "graph_throttled" });
    expect(waits).toEqual([]);
  });

  it("retries at most twice, however short the Retry-After", async () => {
    await entra.admin.setGraphMode({ mode: "throttle", retryAfterSeconds: 0, times: 5 });
    await entra.admin.resetRequests();
    const result = await graphGroupsOf({ fetch: emulatorFetch(entra.caPem) }, input());
    expect(result).toEqual({ ok: false, reason: "graph_throttled" });
    expect((await graphRequests()).map((r) => r.status)).toEqual([429, 429, 429]);
  });

  it("reports Graph down as unreachable", async () => {
    await entra.admin.setGraphMode({ mode: "down" });
    const result = await graphGroupsOf({ fetch: emulatorFetch(entra.caPem), wait: async () => {} }, input());
    expect(result).toEqual({ ok: false, reason: "graph_unreachable" });
  });

  it("reports a refused Graph token when the workspace's app secret is wrong, and asks Graph nothing", async () => {
    await entra.admin.resetRequests();
    const result = await graphGroupsOf({ fetch: emulatorFetch(entra.caPem) }, input({ clientSecret: "not-the-secret" }));
    expect(result).toEqual({ ok: false, reason: "graph_token_refused" });
    expect(await graphRequests()).toEqual([]);
  });

  it("reports a person Graph does not know as refused", async () => {
    const result = await graphGroupsOf({ fetch: emulatorFetch(entra.caPem) }, input({ oid: "00000000-1111-4222-8333-444444444444" }));
    expect(result).toEqual({ ok: false, reason: "graph_refused" });
  });

  it("reports an unreachable Graph host as unreachable (through the production IdP fetch)", async () => {
    // The emulator (token endpoint) over its CA, anything else through Node's own fetch, as in production.
    const toEmulator = emulatorFetch(entra.caPem);
    const routed = ((url: string, init?: RequestInit) => (url.startsWith(entra.url) ? toEmulator(url, init) : fetch(url, init))) as typeof fetch;
    const result = await graphGroupsOf({ fetch: idpFetch(routed) }, input({ graphHost: "https://127.0.0.1:1" }));
    expect(result).toEqual({ ok: false, reason: "graph_unreachable" });
  });
});

describe("Retry-After", () => {
  it("reads delta-seconds, an HTTP date, and defaults to one second", () => {
    const now = Date.parse("2026-11-21T14:00:00Z");
    expect(retryAfterMs("3", now)).toBe(3000);
    expect(retryAfterMs("Sat, 21 Nov 2026 14:00:05 GMT", now)).toBe(5000);
    expect(retryAfterMs(null, now)).toBe(1000);
    expect(retryAfterMs("soon", now)).toBe(1000);
  });
});
