import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createIdpFetchCache, type IdpFetchOptions } from "./idp-fetch";
import { IdpUnreachableError } from "./idp-outage";

/** The settled result of an IdP call, and the origin it could not reach when it failed for that reason. */
async function settle<T>(work: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; unreachable?: string }> {
  try {
    return { outcome: { status: "fulfilled", value: await work() } };
  } catch (reason) {
    return { outcome: { status: "rejected", reason }, unreachable: reason instanceof IdpUnreachableError ? reason.origin : undefined };
  }
}

/** A real issuer on loopback that counts what it was asked, and can answer discovery with an error. */
let server: Server;
let origin: string;
let hits: Record<string, number>;
let discoveryStatus = 200;

beforeEach(async () => {
  hits = {};
  discoveryStatus = 200;
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits[path] = (hits[path] ?? 0) + 1;
    if (path.endsWith("/.well-known/openid-configuration")) {
      res.writeHead(discoveryStatus, { "content-type": "application/json" });
      res.end(JSON.stringify({ issuer: `${origin}/tenant`, token_endpoint: `${origin}/tenant/token` }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ access_token: "a", token_type: "Bearer" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const createIdpFetch = (options?: IdpFetchOptions) => createIdpFetchCache(options)(fetch, "issuer");
const discovery = () => `${origin}/tenant/.well-known/openid-configuration`;
const stopIssuer = async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  server.listen(0); // afterEach closes it again
};

describe("the IdP fetch", () => {
  it("fetches a discovery document once for a hundred concurrent and later sign-ins", async () => {
    const idpFetch = createIdpFetch();
    const answers = await Promise.all(Array.from({ length: 100 }, () => idpFetch(discovery(), { method: "GET", headers: {} })));
    for (const answer of answers) expect((await answer.json()).issuer).toBe(`${origin}/tenant`);
    expect((await (await idpFetch(discovery())).json()).token_endpoint).toBe(`${origin}/tenant/token`);
    expect(hits["/tenant/.well-known/openid-configuration"]).toBe(1);
  });

  it("fetches the document again once it is older than the fresh period", async () => {
    let now = 0;
    const idpFetch = createIdpFetch({ freshMs: 1000, now: () => now });
    await idpFetch(discovery());
    now = 999;
    await idpFetch(discovery());
    now = 1000;
    await idpFetch(discovery());
    expect(hits["/tenant/.well-known/openid-configuration"]).toBe(2);
  });

  it("keeps one copy per scope, fetched through the asking provider's own fetch", async () => {
    const cache = createIdpFetchCache();
    const rewriting: typeof fetch = async (input, init) => {
      const document = await (await fetch(input, init)).json();
      return Response.json({ ...document, issuer: "rewritten" });
    };
    expect((await (await cache(rewriting, "a")(discovery())).json()).issuer).toBe("rewritten");
    expect((await (await cache(rewriting, "a")(discovery())).json()).issuer).toBe("rewritten");
    expect((await (await cache(fetch, "b")(discovery())).json()).issuer).toBe(`${origin}/tenant`);
    expect(hits["/tenant/.well-known/openid-configuration"]).toBe(2);
  });

  it("passes token requests through every time", async () => {
    const idpFetch = createIdpFetch();
    for (let i = 0; i < 3; i++) await idpFetch(`${origin}/tenant/token`, { method: "POST", body: "grant_type=authorization_code" });
    expect(hits["/tenant/token"]).toBe(3);
  });

  it("does not keep an error answer", async () => {
    const idpFetch = createIdpFetch();
    discoveryStatus = 404;
    expect((await idpFetch(discovery())).status).toBe(404);
    discoveryStatus = 200;
    expect((await idpFetch(discovery())).status).toBe(200);
    expect((await idpFetch(discovery())).status).toBe(200);
    expect(hits["/tenant/.well-known/openid-configuration"]).toBe(2);
  });

  it("keeps serving a stale document while the issuer is down, without reporting an outage", async () => {
    let now = 0;
    const idpFetch = createIdpFetch({ freshMs: 1000, staleMs: 60_000, now: () => now });
    await idpFetch(discovery());
    await stopIssuer();
    now = 5000;
    const { outcome, unreachable } = await settle(() => idpFetch(discovery()));
    expect(outcome.status).toBe("fulfilled");
    expect(unreachable).toBeUndefined();
    now = 60_000;
    await expect(idpFetch(discovery())).rejects.toBeInstanceOf(IdpUnreachableError);
  });

  it("reports an unreachable issuer as IdpUnreachableError naming its origin", async () => {
    const idpFetch = createIdpFetch();
    const url = `${origin}/tenant/token`;
    await stopIssuer();
    const { outcome, unreachable } = await settle(() => idpFetch(url, { method: "POST", body: "x" }));
    expect(outcome.status).toBe("rejected");
    expect(unreachable).toBe(new URL(url).origin);
  });

  it("gives up on an issuer that does not answer within the deadline", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const idpFetch = createIdpFetch({ timeoutMs: 200 });
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/tenant/.well-known/openid-configuration`;
      const { unreachable } = await settle(() => idpFetch(url));
      expect(unreachable).toBeDefined();
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("takes a server error from the issuer for an outage, serving the stale copy while there is one", async () => {
    let now = 0;
    const idpFetch = createIdpFetch({ freshMs: 1000, staleMs: 60_000, now: () => now });
    discoveryStatus = 503;
    const cold = await settle(() => idpFetch(discovery()));
    expect(cold.unreachable).toBe(origin);
    discoveryStatus = 200;
    await idpFetch(discovery());
    discoveryStatus = 502;
    now = 5000;
    expect((await idpFetch(discovery())).status).toBe(200);
  });

  it("does not call a provider's own failure (a wrong tenant's error answer it cannot read) an outage", async () => {
    const choking: typeof fetch = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'replace')");
    };
    const idpFetch = createIdpFetchCache()(choking, "issuer");
    const { outcome, unreachable } = await settle(() => idpFetch(discovery()));
    expect(outcome.status).toBe("rejected");
    expect(unreachable).toBeUndefined();
  });

  it("hands back an oversized document once but never keeps it", async () => {
    const huge: typeof fetch = async () => new Response("x".repeat(200_000), { status: 200 });
    const idpFetch = createIdpFetchCache()(async (input, init) => {
      hits.huge = (hits.huge ?? 0) + 1;
      return huge(input, init);
    }, "issuer");
    expect((await (await idpFetch(discovery())).text()).length).toBe(200_000);
    await idpFetch(discovery());
    expect(hits.huge).toBe(2);
  });
});
