import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, oauthClientRegistrations, oauthModels } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { clientSecretHasher } from "./client-secrets";
import { deleteConfidentialClient, listConfidentialClients, registerConfidentialClient, rotateClientSecret } from "./confidential-clients";
import { JWT_BEARER_GRANT } from "./id-jag-grant";
import { startAuthorizationServer, TEST_ENCRYPTION_KEY, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

const t = withTestDatabase();
const clock = frozenClock(new Date());
const hasher = clientSecretHasher(TEST_ENCRYPTION_KEY.key);
const staff = { staffId: "staff-admin", clientIp: "198.51.100.4" };
let as: RunningAuthorizationServer;

beforeAll(async () => {
  as = await startAuthorizationServer(t.db, clock);
});
afterAll(async () => as?.close());

/** Client authentication at the authorization server itself: introspection with HTTP Basic or with post. */
async function authenticates(clientId: string, secret: string, method: "basic" | "post" = "basic") {
  const response = await fetch(`${as.origin}/oauth2/introspect`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(method === "basic" ? { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` } : {}) },
    body: new URLSearchParams({ token: "x", ...(method === "post" ? { client_id: clientId, client_secret: secret } : {}) }),
  });
  return response.status === 200;
}

const stored = async (clientId: string) => (await t.db.select().from(oauthModels).where(and(eq(oauthModels.model, "Client"), eq(oauthModels.id, clientId))))[0];

describe("confidential clients registered by staff", () => {
  it("registers a jwt-bearer client whose secret is returned once and stored only as a hash, audited", async () => {
    const created = await registerConfidentialClient(t.db, hasher, { name: "Claude Code via Okta", grantTypes: [JWT_BEARER_GRANT], redirectUris: "", authMethod: "client_secret_basic" }, staff, clock);
    if (!created.ok) throw new Error("refused");
    const row = await stored(created.clientId);
    expect(JSON.stringify(row)).not.toContain(created.clientSecret);
    expect(row?.payload).toMatchObject({ client_secret: hasher.storedForm([hasher.hash(created.clientSecret)]), grant_types: [JWT_BEARER_GRANT], redirect_uris: [] });
    expect(await authenticates(created.clientId, created.clientSecret)).toBe(true);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, created.reference));
    expect(event).toMatchObject({ kind: "oauth.client_registered", actorType: "staff", actorId: "staff-admin" });
    expect(JSON.stringify(event)).not.toContain(created.clientSecret);
    const listed = (await listConfidentialClients(t.db)).find((c) => c.clientId === created.clientId);
    expect(listed).toMatchObject({ name: "Claude Code via Okta", grantTypes: [JWT_BEARER_GRANT], liveSecrets: 1, createdBy: "staff-admin" });
    expect(JSON.stringify(listed)).not.toContain("$hmac$");
  });

  it("registers a server app with https redirect URIs and client_secret_post", async () => {
    const created = await registerConfidentialClient(t.db, hasher, { name: "Billing", grantTypes: ["authorization_code"], redirectUris: "https://billing.example/cb\nhttps://billing.example/cb2", authMethod: "client_secret_post" }, staff, clock);
    if (!created.ok) throw new Error("refused");
    expect((await stored(created.clientId))?.payload).toMatchObject({ redirect_uris: ["https://billing.example/cb", "https://billing.example/cb2"], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] });
    expect(await authenticates(created.clientId, created.clientSecret, "post")).toBe(true);
  });

  it("refuses bad input field by field and writes nothing", async () => {
    const before = (await t.db.select().from(oauthClientRegistrations)).length;
    const refused = await registerConfidentialClient(t.db, hasher, { name: " ", grantTypes: ["client_credentials"], redirectUris: "http://insecure.example/cb", authMethod: "none" }, staff, clock);
    expect(refused).toEqual({ ok: false, fieldErrors: { name: "oauth_client_name_invalid", grantTypes: "oauth_client_grant_types_invalid", authMethod: "oauth_client_auth_method_invalid" } });
    const badRedirect = await registerConfidentialClient(t.db, hasher, { name: "App", grantTypes: ["authorization_code"], redirectUris: "http://insecure.example/cb https://ok.example/#frag", authMethod: "client_secret_basic" }, staff, clock);
    expect(badRedirect).toEqual({ ok: false, fieldErrors: { redirectUris: "oauth_client_redirect_uris_invalid" } });
    expect(await registerConfidentialClient(t.db, hasher, { name: "x".repeat(81), grantTypes: JWT_BEARER_GRANT, redirectUris: null, authMethod: "client_secret_basic" }, staff, clock)).toMatchObject({ ok: false, fieldErrors: { name: "oauth_client_name_invalid" } });
    expect((await t.db.select().from(oauthClientRegistrations)).length).toBe(before);
  });

  it("rotates to a second live secret: both work, and the next rotation retires the oldest", async () => {
    const created = await registerConfidentialClient(t.db, hasher, { name: "Rotating", grantTypes: [JWT_BEARER_GRANT], redirectUris: "", authMethod: "client_secret_basic" }, staff, clock);
    if (!created.ok) throw new Error("refused");
    const second = await rotateClientSecret(t.db, hasher, created.clientId, staff, clock);
    if (!second.ok) throw new Error("rotation refused");
    expect(await authenticates(created.clientId, created.clientSecret)).toBe(true);
    expect(await authenticates(created.clientId, second.clientSecret)).toBe(true);
    const third = await rotateClientSecret(t.db, hasher, created.clientId, staff, clock);
    if (!third.ok) throw new Error("rotation refused");
    expect(await authenticates(created.clientId, created.clientSecret)).toBe(false);
    expect(await authenticates(created.clientId, second.clientSecret)).toBe(true);
    expect(await authenticates(created.clientId, third.clientSecret)).toBe(true);
    expect((await listConfidentialClients(t.db)).find((c) => c.clientId === created.clientId)).toMatchObject({ liveSecrets: 2, secretRotatedAt: clock.now() });
    expect(await rotateClientSecret(t.db, hasher, "gh_nobody", staff, clock)).toEqual({ ok: false, code: "oauth_client_not_found" });
  });

  it("deletes a client: its next request is refused, and deleting again says it is gone", async () => {
    const created = await registerConfidentialClient(t.db, hasher, { name: "Doomed", grantTypes: [JWT_BEARER_GRANT], redirectUris: "", authMethod: "client_secret_basic" }, staff, clock);
    if (!created.ok) throw new Error("refused");
    const deleted = await deleteConfidentialClient(t.db, created.clientId, staff, clock);
    expect(deleted).toMatchObject({ ok: true });
    expect(await stored(created.clientId)).toBeUndefined();
    expect(await authenticates(created.clientId, created.clientSecret)).toBe(false);
    expect(await deleteConfidentialClient(t.db, created.clientId, staff, clock)).toEqual({ ok: false, code: "oauth_client_not_found" });
  });
});
