import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { clientSecretHasher, newClientSecret } from "./client-secrets";
import { removeClient, saveClient } from "./stored-clients";
import { startAuthorizationServer, TEST_ENCRYPTION_KEY, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

const t = withTestDatabase();
const clock = frozenClock(new Date());
const hasher = clientSecretHasher(TEST_ENCRYPTION_KEY.key);
let as: RunningAuthorizationServer;

beforeAll(async () => {
  as = await startAuthorizationServer(t.db, clock);
});
afterAll(async () => as?.close());

/** Client authentication as a resource server does it: introspection with HTTP Basic. */
async function introspectAs(clientId: string, secret: string) {
  const response = await fetch(`${as.origin}/oauth2/introspect`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    body: new URLSearchParams({ token: "not-a-token" }),
  });
  return { status: response.status, body: (await response.json()) as { active?: boolean; error?: string } };
}

function confidentialClient(clientId: string, stored: string) {
  return { client_id: clientId, client_secret: stored, client_name: "Server app", token_endpoint_auth_method: "client_secret_basic", grant_types: [], response_types: [], redirect_uris: [] };
}

describe("confidential client secrets", () => {
  it("a client authenticates with either of its two live secrets, and the stored value is neither", async () => {
    const [first, second] = [newClientSecret(), newClientSecret()];
    const stored = hasher.storedForm([hasher.hash(second), hasher.hash(first)]);
    expect(stored).not.toContain(first);
    expect(stored).not.toContain(second);
    await saveClient(t.db, confidentialClient("server-app-1", stored));
    expect(await introspectAs("server-app-1", first)).toEqual({ status: 200, body: { active: false } });
    expect(await introspectAs("server-app-1", second)).toEqual({ status: 200, body: { active: false } });
  });

  it("a wrong secret, a retired secret and a removed client are refused as invalid_client", async () => {
    const [retired, live] = [newClientSecret(), newClientSecret()];
    await saveClient(t.db, confidentialClient("server-app-2", hasher.storedForm([hasher.hash(retired)])));
    expect((await introspectAs("server-app-2", retired)).status).toBe(200);
    await saveClient(t.db, confidentialClient("server-app-2", hasher.storedForm([hasher.hash(live)])));
    expect(await introspectAs("server-app-2", retired)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await introspectAs("server-app-2", `${live}x`)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    await removeClient(t.db, "server-app-2");
    expect(await introspectAs("server-app-2", live)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("a secret stored in plain text matches nothing", async () => {
    const secret = newClientSecret();
    await saveClient(t.db, confidentialClient("server-app-3", secret));
    expect(await introspectAs("server-app-3", secret)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });
});
