import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { startAuthorizationServer, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

const t = withTestDatabase();
const clock = frozenClock(new Date());
let as: RunningAuthorizationServer;

beforeAll(async () => {
  as = await startAuthorizationServer(t.db, clock, { personOf: async () => null });
});
afterAll(() => as?.close());

const text = fc.oneof(fc.string({ maxLength: 64 }), fc.constantFrom("", "\u0000", "%", "__proto__", "a".repeat(3000), "https://127.0.0.1/x", "[]", "{}"));
const fields = fc.dictionary(fc.constantFrom("grant_type", "code", "client_id", "redirect_uri", "code_verifier", "refresh_token", "resource", "scope", "token", "response_type", "code_challenge", "state", "decision"), text, { maxKeys: 8 });

describe("the authorization server under hostile input", () => {
  it("answers generated form posts to every endpoint with a 4xx or a redirect, never a 5xx", async () => {
    const paths = ["/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/register", "/oauth2/authorize", "/oauth2/par", "/oauth/interaction/AAAAAAAAAAAAAAAAAAAAA/decide"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fields, async (path, body) => {
        const answer = await fetch(`${as.origin}${path}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body) });
        await answer.arrayBuffer();
        expect(answer.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it("answers generated authorization and interaction URLs with a 4xx or a redirect, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/oauth2/authorize", "/oauth/interaction/AAAAAAAAAAAAAAAAAAAAA", "/oauth2/jwks", "/.well-known/oauth-authorization-server"), fields, async (path, query) => {
        const answer = await fetch(`${as.origin}${path}?${new URLSearchParams(query)}`, { redirect: "manual" });
        await answer.arrayBuffer();
        expect(answer.status, `${path} ${JSON.stringify(query)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it("answers registration bodies that are not client metadata with 400", async () => {
    clock.advance(60_000); // a new rate-limit window: the generated posts above registered clients too
    for (const body of ["not json", "[]", "null", '{"redirect_uris":"http://127.0.0.1/cb"}', '{"redirect_uris":[42]}', JSON.stringify({ redirect_uris: ["http://127.0.0.1/cb"], jwks_uri: "http://169.254.169.254/" })]) {
      const answer = await fetch(`${as.origin}/oauth2/register`, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(answer.status, body).toBe(400);
    }
  });
});
