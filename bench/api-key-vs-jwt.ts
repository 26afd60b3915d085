import { Agent } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { openDatabase } from "@/db/client";
import { startDemoMcpServer } from "@/e2e/mcp-demo-server/server";
import type { EntraWorld } from "@/e2e/support/broker-with-entra";
import { entraAccessToken } from "@/e2e/support/entra-access-token";
import { CONTOSO_TENANT_ID, PLATFORM_CLIENT_ID, PLATFORM_CLIENT_SECRET, users } from "@/e2e/support/entra-test-seed";
import { freePort, spawnGatehouse } from "@/e2e/support/spawn-server";
import { apiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { createApiKey } from "@/lib/api-keys/personal-api-keys";
import { saveMcpAccessConfig } from "@/lib/mcp/access-config";
import { addProvisionedUser } from "@/lib/mcp/provisioned-users";
import { systemClock } from "@/lib/time/clock";
import { post } from "./support/http-post";
import { fixed, runLoad } from "./support/load";
import { cpuMilliseconds } from "./support/process-usage";
import type { BenchReport } from "./support/report";

/**
 * A personal API key against a JWT at the MCP gateway (issue 14), in one run on one production server: the same
 * MCP request (`tools/list` in an open session, answered by the demo MCP server) sent by the same person once with
 * an Entra access token (RS256, the workspace and provisioning lookup) and once with their personal API key (one
 * indexed query and one HMAC), in alternating rounds. CPU is the broker process's, from /proc/<pid>/stat; the ratio
 * is API-key CPU per request / JWT CPU per request. A workspace of its own (its MCP API app is not the one the MCP
 * gateway benchmark registers) keeps it apart from the other benchmarks of the world.
 */
const MCP_API = "0b7e4c8a-5d2f-4e1b-9a3c-6f8d2e4a1b7c";

export async function benchApiKeyVsJwt(world: EntraWorld, options: { requests: number; concurrency: number; rounds: number }): Promise<BenchReport> {
  let assertionsFrom = "";
  const demo = await startDemoMcpServer({ gatehouseUrl: () => assertionsFrom });
  assertionsFrom = world.publicUrl;
  const database = openDatabase({ databaseUrl: world.databaseUrl, dataDir: "unused" });
  const port = await freePort();
  const settings: Record<string, string> = { ...world.settingsFor(port), DATABASE_URL: world.databaseUrl, MCP_UPSTREAM_URL: demo.url };
  const server = await spawnGatehouse(settings, { port });
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const clients: Client[] = [];
  try {
    await world.emulator.admin.addApp(CONTOSO_TENANT_ID, { clientId: MCP_API, displayName: "Contoso MCP API (keys bench)", secrets: [], redirectUris: [], accessTokenAcceptedVersion: 2 });
    const [workspace] = await world.sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'contoso-keys-bench', 'Contoso (keys bench)') returning id`;
    const tenantId = workspace!.id as string;
    await saveMcpAccessConfig(database.db, { tenantId, entraTenantId: CONTOSO_TENANT_ID, audience: MCP_API, requiredScope: "mcp.access", acceptV1Tokens: false }, null, new Date());
    await addProvisionedUser(database.db, { tenantId, workspaceKey: "contoso-keys-bench", entraTenantId: CONTOSO_TENANT_ID }, { oid: users.megan.oid, email: users.megan.email }, null, new Date());
    const [megan] = await world.sql`select user_id from mcp_provisioned_user where tenant_id = ${tenantId}`;
    const jwt = await entraAccessToken({
      emulator: world.emulator,
      tenant: CONTOSO_TENANT_ID,
      oid: users.megan.oid,
      scope: `api://${MCP_API}/mcp.access`,
      client: { id: PLATFORM_CLIENT_ID, secret: PLATFORM_CLIENT_SECRET, redirectUri: `${world.publicUrl}/api/v1/auth/callback/microsoft-entra-id` },
    });
    const hasher = apiKeyHasher(Buffer.from(settings.SECRET_ENCRYPTION_KEY!, "base64url"));
    const made = await createApiKey(database.db, hasher, { userId: megan!.user_id as string, tenantId, clientIp: null }, { name: "Bench", expiresInDays: "30", scopes: ["mcp"] }, systemClock);
    if (!made.ok) throw new Error(`could not make the bench API key: ${made.code}`);

    // One MCP session per credential, opened by the real MCP client; the load then sends raw requests in each.
    const url = `${server.url}/mcp`;
    const sessions: Record<"jwt" | "apiKey", { bearer: string; id: string; version: string }> = { jwt: { bearer: jwt, id: "", version: "" }, apiKey: { bearer: made.key, id: "", version: "" } };
    for (const session of Object.values(sessions)) {
      const client = new Client({ name: "gatehouse-bench", version: "1.0.0" });
      const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${session.bearer}` } } });
      await client.connect(transport);
      clients.push(client);
      session.id = transport.sessionId!;
      session.version = transport.protocolVersion ?? "2025-11-25";
    }
    const toolsList = (kind: "jwt" | "apiKey") => async (i: number) => {
      const s = sessions[kind];
      const answer = await post(url, JSON.stringify({ jsonrpc: "2.0", id: i + 1, method: "tools/list" }), {
        authorization: `Bearer ${s.bearer}`,
        accept: "application/json, text/event-stream",
        "content-type": "application/json",
        "mcp-session-id": s.id,
        "mcp-protocol-version": s.version,
      }, agent);
      if (answer.status !== 200 || !answer.body.includes('"whoami"')) throw new Error(`tools/list (${kind}) answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    };

    const cpu = { jwt: { ms: 0, n: 0 }, apiKey: { ms: 0, n: 0 } };
    for (const kind of ["jwt", "apiKey"] as const) {
      const warm = await runLoad(toolsList(kind), { count: 300, concurrency: options.concurrency });
      if (warm.failed) throw new Error(`${warm.failed} ${kind} warm-up requests failed: ${String(warm.firstError)}`);
    }
    for (let round = 0; round < options.rounds; round++)
      for (const kind of round % 2 ? (["apiKey", "jwt"] as const) : (["jwt", "apiKey"] as const)) {
        const before = cpuMilliseconds(server.pid);
        const load = await runLoad(toolsList(kind), { count: options.requests, concurrency: options.concurrency, deadlineMs: 30_000 });
        if (load.failed) throw new Error(`${load.failed} ${kind} requests failed: ${String(load.firstError)}`);
        cpu[kind].ms += cpuMilliseconds(server.pid) - before;
        cpu[kind].n += load.completed;
      }
    const per = (kind: "jwt" | "apiKey") => cpu[kind].ms / cpu[kind].n;
    const ratio = per("apiKey") / per("jwt");
    return {
      title: "Personal API key against JWT at /mcp",
      figures: [
        { what: "gateway CPU per MCP request, Entra access token (JWT)", measured: `${fixed(per("jwt"), 3)} ms` },
        { what: "gateway CPU per MCP request, personal API key", measured: `${fixed(per("apiKey"), 3)} ms` },
        { what: "API-key CPU / JWT CPU, same run", measured: fixed(ratio, 2) },
      ],
      notes: [
        `tools/list in one MCP session per credential on /mcp, answered by the demo MCP server (in the bench's process); ${options.rounds} alternating rounds of ${options.requests} requests per credential, ${options.concurrency} at a time, after 300 warm-up requests each. Both credentials are Megan's in a workspace of their own.`,
        "The JWT is verified with the directory's cached keys and one workspace/provisioning lookup; the API key costs one indexed query (key, workspace, owner, membership) and one HMAC, and writes last_used_at at most once a minute.",
      ],
      results: { api_key_vs_jwt_cpu_ratio: ratio },
    };
  } finally {
    for (const client of clients) await client.close().catch(() => {});
    agent.destroy();
    await server.stop();
    await database.close();
    await demo.stop();
  }
}
