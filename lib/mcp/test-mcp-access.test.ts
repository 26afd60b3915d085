import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntraEmulator, type RunningEntraEmulator } from "@/e2e/entra-emulator";
import { CONTOSO, contractSeed } from "@/e2e/entra-emulator/test-fixture";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { testMcpAccess } from "./test-mcp-access";

let entra: RunningEntraEmulator;
beforeAll(async () => {
  entra = await startEntraEmulator({ seed: contractSeed(), port: 0 });
});
afterAll(() => entra?.stop());

describe("testMcpAccess", () => {
  it("verifies a tenant whose discovery document names its own v2 issuer", async () => {
    expect(await testMcpAccess({ authorityHost: entra.url, entraTenantId: CONTOSO, fetch: emulatorFetch(entra.caPem) })).toEqual({ ok: true, code: "mcp_test_verified" });
  });

  it("says the tenant is unknown when Entra answers AADSTS90002", async () => {
    const result = await testMcpAccess({ authorityHost: entra.url, entraTenantId: "11111111-2222-4333-8444-555555555555", fetch: emulatorFetch(entra.caPem) });
    expect(result).toEqual({ ok: false, code: "mcp_test_unknown_tenant" });
  });

  it("says the issuer does not match when the discovery document names another", async () => {
    const liar = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ issuer: `https://login.example/${CONTOSO}/v2.0` })));
    await new Promise<void>((resolve) => liar.listen(0, "127.0.0.1", resolve));
    try {
      const result = await testMcpAccess({ authorityHost: `http://127.0.0.1:${(liar.address() as AddressInfo).port}`, entraTenantId: CONTOSO });
      expect(result).toEqual({ ok: false, code: "mcp_test_issuer_mismatch" });
    } finally {
      liar.close();
    }
  });

  it("says Microsoft is unreachable when nothing answers", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await testMcpAccess({ authorityHost: `http://127.0.0.1:${port}`, entraTenantId: CONTOSO })).toEqual({ ok: false, code: "mcp_test_unreachable" });
  });

  it("refuses a Tenant ID that is not a GUID without calling anyone", async () => {
    let called = false;
    const fetch = async () => ((called = true), new Response("{}"));
    expect(await testMcpAccess({ authorityHost: entra.url, entraTenantId: "contoso.example", fetch })).toEqual({ ok: false, code: "mcp_tenant_id_invalid" });
    expect(called).toBe(false);
  });
});
