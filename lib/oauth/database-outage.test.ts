import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { openTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { startTcpProxy, type TcpProxy } from "@/e2e/support/tcp-proxy";
import { messageFor } from "@/lib/errors/user-messages";
import { frozenClock } from "@/lib/time/clock";
import { mcpResourceOf } from "./paths";
import { authorize, redeemCode, refresh, registerNativeClient, startAuthorizationServer, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

/**
 * The database going away under the authorization server: a token request it fails answers the contract's 503
 * with its message, never oidc-provider's 500. A Postgres server is needed to cut (the embedded database cannot be).
 */
const clock = frozenClock(new Date());
let test: TestDatabase;
let proxy: TcpProxy;
let handle: DatabaseHandle;
let as: RunningAuthorizationServer;

describe.skipIf(!process.env.DATABASE_URL)("the authorization server when the database is cut off", () => {
  beforeAll(async () => {
    test = await openTestDatabase();
    const url = new URL(test.url!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    handle = openDatabase({ databaseUrl: url.toString(), dataDir: "unused", databaseTimeouts: { statementMs: 1000, connectMs: 1000 } });
    as = await startAuthorizationServer(handle.db, clock);
  });
  afterAll(async () => {
    await as?.close();
    await handle?.close().catch(() => {});
    await proxy?.close();
    await test?.close();
  });

  it("answers a refresh grant with 503 and the contract's message, not a 500", async () => {
    const client = await registerNativeClient(as.origin);
    const run = await authorize(as.origin, client, { userId: "user-ada", tenantId: null, label: null, clientIp: "127.0.0.1" }, { decideOn: as.server, db: handle.db, clock });
    const tokens = await redeemCode(as.origin, run, mcpResourceOf(as.origin));
    proxy.cut();
    const answer = await refresh(as.origin, client.clientId, String(tokens.body.refresh_token));
    expect(answer).toEqual({ status: 503, body: { error: "temporarily_unavailable", error_description: messageFor("database_unavailable") } });
  });
});
