import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { users } from "@/db/schema";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { listAuditEvents, parseAuditQuery } from "./audit-log";

const t = withTestDatabase();

describe("the console's audit log", () => {
  it("filters by tenant, actor, kind (exact or prefix) and a UTC time range, newest first", async () => {
    const at = (iso: string) => frozenClock(iso);
    await recordAuditEvent(t.db, { kind: "sign_in.password", outcome: "success", actor: { type: "user", id: "u1", label: "erin@contoso.example" }, tenantId: "t1" }, at("2026-11-01T09:00:00Z"));
    await recordAuditEvent(t.db, { kind: "sign_in.microsoft", outcome: "failure", actor: { type: "anonymous", label: "x" }, tenantId: "t2" }, at("2026-11-02T09:00:00Z"));
    await recordAuditEvent(t.db, { kind: "tenant.disabled", outcome: "success", actor: { type: "staff", id: "s1", label: "olivia@ops.example" }, tenantId: "t1" }, at("2026-11-03T09:00:00Z"));
    const run = async (qs: string) => {
      const parsed = parseAuditQuery(new URLSearchParams(qs));
      if (!parsed.ok) throw new Error(parsed.message);
      return (await listAuditEvents(t.db, parsed.query)).events.map((e) => e.kind);
    };
    expect(await run("")).toEqual(["tenant.disabled", "sign_in.microsoft", "sign_in.password"]);
    expect(await run("tenant=t1")).toEqual(["tenant.disabled", "sign_in.password"]);
    expect(await run("actor=OLIVIA")).toEqual(["tenant.disabled"]);
    expect(await run("actor=u1")).toEqual(["sign_in.password"]);
    expect(await run("kind=sign_in")).toEqual(["sign_in.microsoft", "sign_in.password"]);
    expect(await run("kind=sign_in.password")).toEqual(["sign_in.password"]);
    expect(await run("from=2026-11-02&to=2026-11-02")).toEqual(["sign_in.microsoft"]);
    expect(await run("kind=%25")).toEqual([]);
  });

  it("explains a bad time range instead of failing", () => {
    expect(parseAuditQuery(new URLSearchParams("from=yesterday"))).toMatchObject({ ok: false, message: expect.stringContaining("YYYY-MM-DD") });
    for (const bad of ["from=0000-01-01", "to=9999-12-31", "from=2026-02-30", "to=2026-13-01T10:00"])
      expect(parseAuditQuery(new URLSearchParams(bad))).toMatchObject({ ok: false });
    expect(parseAuditQuery(new URLSearchParams("from=2026-11-05&to=2026-11-01"))).toMatchObject({ ok: false });
    expect(parseAuditQuery(new URLSearchParams("page=-3"))).toMatchObject({ ok: true, query: { page: 1 } });
  });

  it("finds the one event whose reference a person read from an error page, typed in any case and spacing", async () => {
    const clock = frozenClock("2026-11-04T09:00:00Z");
    const reference = await recordAuditEvent(t.db, { kind: "sign_in.tenant_sso", outcome: "failure", actor: { type: "anonymous" } }, clock);
    await recordAuditEvent(t.db, { kind: "sign_in.tenant_sso", outcome: "failure", actor: { type: "anonymous" } }, clock);
    const typed = ` ${reference.toLowerCase().slice(0, 7)} ${reference.toLowerCase().slice(7)} `;
    const parsed = parseAuditQuery(new URLSearchParams({ reference: typed }));
    if (!parsed.ok) throw new Error(parsed.message);
    expect((await listAuditEvents(t.db, parsed.query)).events.map((e) => e.reference)).toEqual([reference]);
  });

  it("names a tenant admin's action by the admin and the tenant by its name, even when the event kept only ids", async () => {
    const tenant = await createTenant(t.db, "named-tenant", "Named Tenant");
    const [admin] = await t.db.insert(users).values({ name: "Ada Admin", email: "ada@named.example" }).returning();
    await recordAuditEvent(t.db, { kind: "sso.config_saved", outcome: "success", actor: { type: "user", id: admin!.id }, tenantId: tenant.id }, frozenClock("2026-11-05T09:00:00Z"));
    const parsed = parseAuditQuery(new URLSearchParams({ kind: "sso.config_saved" }));
    if (!parsed.ok) throw new Error(parsed.message);
    const [event] = (await listAuditEvents(t.db, parsed.query)).events;
    expect(event).toMatchObject({ actorId: admin!.id, actorName: "Ada Admin", tenantName: "Named Tenant" });
  });
});
