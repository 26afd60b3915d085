import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, oauthModels } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { findConsent, listConsents, revokeConsent } from "./consents";
import { mcpResourceOf } from "./paths";
import { authorize, redeemCode, refresh, registerNativeClient, startAuthorizationServer, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

const t = withTestDatabase();
const clock = frozenClock(new Date());
const person = { userId: "user-grace", tenantId: "tenant-contoso", label: null, clientIp: "127.0.0.1" };
let as: RunningAuthorizationServer;

beforeAll(async () => {
  as = await startAuthorizationServer(t.db, clock);
});
afterAll(() => as?.close());

describe("connected apps", () => {
  it("list what the person allowed, and revoking one ends its refresh tokens at once and is audited", async () => {
    const client = await registerNativeClient(as.origin);
    const run = await authorize(as.origin, client, person, { decideOn: as.server, db: t.db, clock });
    const tokens = await redeemCode(as.origin, run, mcpResourceOf(as.origin));
    const consent = await findConsent(t.db, person.userId, client.clientId);
    expect((await listConsents(t.db, person.userId)).map((c) => [c.clientId, c.clientName, c.scopes])).toEqual([[client.clientId, "Test MCP client", ["mcp"]]]);

    expect(await revokeConsent(t.db, { userId: person.userId, clientIp: "127.0.0.1" }, client.clientId, clock)).toBe(true);
    expect(await listConsents(t.db, person.userId)).toEqual([]);
    expect(await t.db.select().from(oauthModels).where(eq(oauthModels.grantId, consent!.grantId))).toEqual([]);
    expect(await refresh(as.origin, client.clientId, String(tokens.body.refresh_token))).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const audited = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "oauth.consent_revoked"), eq(auditEvents.actorId, person.userId)));
    expect(audited).toHaveLength(1);
  });

  it("revoke nothing of another person's", async () => {
    const client = await registerNativeClient(as.origin);
    await authorize(as.origin, client, person, { decideOn: as.server, db: t.db, clock });
    expect(await revokeConsent(t.db, { userId: "someone-else", clientIp: null }, client.clientId, clock)).toBe(false);
    expect(await findConsent(t.db, person.userId, client.clientId)).toBeDefined();
  });
});
