import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { recordAuditEvent } from "./record-audit-event";

const t = withTestDatabase();

describe("recording an audit event", () => {
  it("returns a reference support can read aloud, and stores the event under it", async () => {
    const reference = await recordAuditEvent(t.db, { kind: "sign_in.password", outcome: "failure", actor: { type: "anonymous", label: "x" } }, frozenClock("2026-11-21T10:00:00Z"));
    expect(reference).toMatch(/^GH-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, reference));
    expect(row).toMatchObject({ kind: "sign_in.password", occurredAt: new Date("2026-11-21T10:00:00Z") });
  });

  it("records hostile values sent by a client, replacing the NUL characters Postgres cannot store", async () => {
    const reference = await recordAuditEvent(
      t.db,
      { kind: "staff.sign_in", outcome: "failure", actor: { type: "anonymous", label: "a\u0000b" }, detail: { error: "x\u0000y", nested: ["\u0000"], literal: "\\u0000" } },
      frozenClock("2026-11-21T10:00:00Z"),
    );
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, reference));
    expect(row!.actorLabel).toBe("a\uFFFDb");
    expect(row!.detail).toEqual({ error: "x\uFFFDy", nested: ["\uFFFD"], literal: "\\u0000" });
  });
});
