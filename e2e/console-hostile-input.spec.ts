import { join } from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import type postgres from "postgres";
import { createDedicatedDatabase } from "./support/dedicated-database";
import { OPERATOR_TENANT_ID, staff } from "./support/entra-test-seed";
import { E2E_ENTRA_PORT, E2E_ENTRA_STATE_DIR } from "./support/environment";
import { freePort, spawnGatehouse, type RunningServer } from "./support/spawn-server";
import { registerConsoleApp, signInAsStaff } from "./support/staff";

/**
 * Generated bad input against every form and endpoint of the management console, as a signed-in Staff.Admin
 * (the role that may write, so a refusal can only come from the input): a thousand cases each. Every answer must
 * be below 500, and no row may appear in, change in or vanish from the tables the console writes. The audit trail
 * is left out on purpose (refused sign-ins are audited). A Gatehouse of its own, on a database of its own, so
 * the other test files cannot change the counts.
 */
test.describe.configure({ mode: "serial", timeout: 300_000 });

const RUNS = 1000;
const WATCHED = ["tenant", "tenant_domain", "tenant_invitation", "tenant_membership", "session", "staff_user", "staff_account", "staff_session"];
let database: Awaited<ReturnType<typeof createDedicatedDatabase>>;
let sql: postgres.Sql;
let server: RunningServer;
let origin: string;
let tenantId: string;
let api: APIRequestContext;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  database = await createDedicatedDatabase("console_hostile");
  sql = database.sql;
  const port = await freePort();
  origin = `http://localhost:${port}`;
  const app = await registerConsoleApp(origin);
  server = await spawnGatehouse({
    PORT: String(port),
    DATABASE_URL: database.url,
    MS_AUTHORITY_HOST: `https://localhost:${E2E_ENTRA_PORT}`,
    MGMT_MS_CLIENT_ID: app.clientId,
    MGMT_MS_CLIENT_SECRET: app.clientSecret,
    MGMT_MS_TENANT_ID: OPERATOR_TENANT_ID,
    NODE_EXTRA_CA_CERTS: join(E2E_ENTRA_STATE_DIR, "ca.pem"),
  });
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'target', 'Target') returning id`;
  tenantId = tenant!.id;
  await sql`insert into tenant_domain (domain, tenant_id) values ('target.example', ${tenantId})`;
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await signInAsStaff(page, staff.olivia.name);
  api = context.request;
});

test.afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const table of WATCHED) parts.push(`${table}:${JSON.stringify(await sql.unsafe(`select * from "${table}" order by 1`))}`);
  return parts.join("\n");
}

/** Text as attackers and broken clients send it: any code point, graphemes, oversized, and known troublemakers. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary-ascii", minLength: 3000, maxLength: 20_000 }),
  fc.constantFrom("", " ", "\u0000", "%", "%E0%A4%A", "../../etc/passwd", "<script>", "' or 1=1 --", "__proto__", "constructor", "\u202e", "ａｂｃ"),
);
/** Anything but the one type an endpoint expects: JSON values of every shape. */
const jsonValue = fc.oneof(fc.jsonValue(), text, fc.constant(null));
/** A body that is not a JSON object, or is not JSON at all. */
const rawBody = fc.oneof(
  text,
  fc.jsonValue().filter((v) => v === null || typeof v !== "object" || Array.isArray(v)).map((v) => JSON.stringify(v)),
  fc.constantFrom("{", "{\"a\":", "[]", "null", "true", "\"status\"", "{}".repeat(10_000)),
);
/** An e-mail that cannot be one (no @), so the create-tenant request is always invalid. */
const notEmail = fc.oneof(text.filter((s) => !s.includes("@")), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string())));
/** A domain that cannot be one (no dot). */
const notDomain = fc.oneof(text.filter((s) => !s.includes(".") && !s.includes("%2E") && !s.includes("%2e")), fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.string()));
/** A path segment: arbitrary text, percent-encoded the way a client would, plus raw escapes that do not decode. */
const segment = fc.oneof(text.map((s) => encodeURIComponent(s.slice(0, 300)) || "x"), fc.constantFrom("%", "%zz", "%E0%A4%A", "..", "."));

const headers = () => ({ origin, "content-type": "application/json" });

function expectBelow500(status: number, what: string) {
  expect(status, what).toBeGreaterThan(0);
  expect(status, what).toBeLessThan(500);
}

async function property<T>(arbitrary: fc.Arbitrary<T>, send: (value: T) => Promise<{ status: () => number }>) {
  const before = await snapshot();
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const response = await send(value).catch((error: unknown) => {
        // The server went away: say why, from its own output.
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- server output ---\n${server.output().slice(-4000)}`);
      });
      expectBelow500(response.status(), JSON.stringify(value).slice(0, 300));
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  expect(await snapshot()).toBe(before);
}

test("create tenant: bodies of every wrong shape and values of every wrong type", async () => {
  await property(
    fc.oneof(
      fc.record({ name: jsonValue, adminEmail: notEmail }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
      rawBody,
    ),
    (body) => api.post("/api/v1/manage/tenants", { headers: headers(), data: body }),
  );
});

test("tenant status: unknown statuses, unknown tenants, broken bodies", async () => {
  await property(
    fc.tuple(
      fc.oneof(fc.constant(tenantId), segment),
      fc.oneof(
        fc.record({ status: jsonValue.filter((s) => s !== "active" && s !== "disabled") }).map((b) => JSON.stringify(b)),
        rawBody,
      ),
    ),
    ([id, body]) => api.patch(`/api/v1/manage/tenants/${id}`, { headers: headers(), data: body }),
  );
});

test("domains: adding non-domains, verifying with non-booleans or on someone else's tenant", async () => {
  await property(
    fc.oneof(
      fc.tuple(fc.oneof(fc.constant(tenantId), segment), fc.record({ domain: notDomain }).map((b) => JSON.stringify(b))).map(([id, body]) => ({ kind: "add" as const, id, body })),
      fc
        .tuple(fc.oneof(fc.constant(tenantId), segment), fc.oneof(fc.constant("target.example"), segment), fc.record({ verified: jsonValue.filter((v) => typeof v !== "boolean") }))
        .map(([id, domain, body]) => ({ kind: "verify" as const, id, domain, body: JSON.stringify(body) })),
      fc.tuple(segment, segment).map(([id, domain]) => ({ kind: "verify" as const, id, domain, body: JSON.stringify({ verified: true }) })),
    ),
    (c) =>
      c.kind === "add"
        ? api.post(`/api/v1/manage/tenants/${c.id}/domains`, { headers: headers(), data: c.body })
        : api.patch(`/api/v1/manage/tenants/${c.id}/domains/${c.domain}`, { headers: headers(), data: c.body }),
  );
});

test("end all sessions: unknown and garbage user ids", async () => {
  await property(segment, (id) => api.delete(`/api/v1/manage/users/${id}/sessions`, { headers: { origin } }));
});

test("pages: tenants search and paging, tenant and user pages, audit filters, sign-in errors, invitation links", async () => {
  const query = fc.dictionary(fc.constantFrom("q", "page", "tenant", "actor", "kind", "from", "to", "error", "ref", "aadsts"), text, { maxKeys: 5 });
  await property(
    fc.tuple(fc.constantFrom("/manage", "/manage/audit", "/manage/sign-in", "/manage/tenants/", "/manage/users/", "/invite/"), segment, query),
    ([path, id, params]) => {
      // Kept under 8 KB: Next.js may answer a redirect that repeats the query, and the test client reads at most
      // 16 KB of response head.
      const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, v.slice(0, 2000)])).toString().slice(0, 8000);
      return api.get(`${path.endsWith("/") ? path + id : path}?${qs}`, { maxRedirects: 0 });
    },
  );
});

test("the staff callback: forged and garbage code and state, with and without forged sign-in cookies", async () => {
  // A browser with no console session: a callback that carries sign-in cookies ends the session it arrives with.
  const anonymous = await playwrightRequest.newContext({ baseURL: origin });
  const cookieText = text.map((v) => encodeURIComponent(v.slice(0, 1500)));
  await property(
    fc.record(
      {
        query: fc.record({ code: text, state: text, session_state: text, error: text, error_description: text }, { requiredKeys: [] }),
        cookies: fc.option(fc.record({ state: cookieText, pkce: cookieText, nonce: cookieText }), { nil: undefined }),
        method: fc.constantFrom("GET", "POST"),
      },
    ),
    ({ query, cookies, method }) => {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, v.slice(0, 2000)])).toString();
      const cookie = cookies ? `gatehouse-console.state=${cookies.state}; gatehouse-console.pkce=${cookies.pkce}; gatehouse-console.nonce=${cookies.nonce}` : "";
      const url = "/api/v1/manage/auth/callback/staff-entra";
      return method === "GET"
        ? anonymous.get(`${url}?${qs}`, { maxRedirects: 0, headers: cookie ? { cookie } : {} })
        : anonymous.post(url, { maxRedirects: 0, headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) }, data: qs });
    },
  );
  await anonymous.dispose();
});
