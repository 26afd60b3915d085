import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { commitProvisioningImport, previewProvisioningImport } from "./import-provisioned-users";
import { addProvisionedUser, listProvisionedUsers } from "./provisioned-users";
import { parseProvisioningCsv } from "./provisioning-csv";

const t = withTestDatabase();
const clock = frozenClock("2026-11-28T12:00:00Z");
const oid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const DIRECTORY = "0c9c6f1e-3a57-4c1b-9f0e-6b2d41a7c5e3";
const targetOf = (tenant: { id: string; key: string }) => ({ tenantId: tenant.id, workspaceKey: tenant.key, entraTenantId: DIRECTORY });
const csvOf = (count: number) => ["email,oid", ...Array.from({ length: count }, (_, i) => `dev${i}@contoso.example,${oid(i)}`)].join("\n");

describe("parseProvisioningCsv", () => {
  it("reads a header row in any order and case, quoted fields and a byte-order mark", () => {
    const parsed = parseProvisioningCsv(`\uFEFFOID,Email\r\n"${oid(1).toUpperCase()}","Megan@Contoso.example"\r\n\r\n`);
    expect(parsed).toEqual({ ok: true, rows: [{ line: 2, email: "megan@contoso.example", oid: oid(1), errors: [] }] });
  });

  it("gives every row each error that applies: bad address, bad Object ID, duplicate in the file", () => {
    const parsed = parseProvisioningCsv(["email,oid", `a@contoso.example,${oid(1)}`, "not-an-address,not-a-guid", `b@contoso.example,${oid(1)}`].join("\n"));
    expect(parsed.ok && parsed.rows.map((r) => [r.line, r.errors])).toEqual([
      [2, []],
      [3, ["email_invalid", "oid_invalid"]],
      [4, ["duplicate_in_file"]],
    ]);
  });

  it("refuses a file without the header row, and one with more than 10,000 people", () => {
    expect(parseProvisioningCsv(`a@contoso.example,${oid(1)}`)).toEqual({ ok: false, problem: "header_missing" });
    expect(parseProvisioningCsv(csvOf(10_001))).toEqual({ ok: false, problem: "too_many_rows" });
  });
});

describe("the CSV import", () => {
  it("previews a person already provisioned as an error, and then writes nothing at all", async () => {
    const tenant = await createTenant(t.db, "csv-partial");
    await addProvisionedUser(t.db, targetOf(tenant), { oid: oid(1), email: "dev1@contoso.example" }, null, clock.now());
    const preview = await previewProvisioningImport(t.db, tenant.id, csvOf(3));
    expect(preview).toMatchObject({ ok: true, valid: 2, invalid: 1 });
    expect(preview.ok && preview.rows[1]!.errors).toEqual(["already_provisioned"]);
    const result = await commitProvisioningImport(t.db, { target: targetOf(tenant), actorId: "admin", clientIp: "192.0.2.1", csv: csvOf(3) }, clock);
    expect(result.ok).toBe(false);
    expect((await listProvisionedUsers(t.db, tenant.id)).total).toBe(1);
  });

  it("imports 10,000 people in one go", async () => {
    const tenant = await createTenant(t.db, "csv-ten-thousand");
    const result = await commitProvisioningImport(t.db, { target: targetOf(tenant), actorId: "admin", clientIp: "192.0.2.1", csv: csvOf(10_000) }, clock);
    expect(result).toEqual({ ok: true, imported: 10_000 });
    expect((await listProvisionedUsers(t.db, tenant.id)).total).toBe(10_000);
  }, 60_000);
});
