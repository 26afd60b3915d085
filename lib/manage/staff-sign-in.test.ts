import { describe, expect, it } from "vitest";
import { decideStaffSignIn } from "./staff-sign-in";

const host = "https://login.microsoftonline.com";
const operator = "7c3f5a1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b";
const options = { operatorTenantId: operator, authorityHost: host };
const claims = (over: Record<string, unknown> = {}) => ({
  iss: `${host}/${operator}/v2.0`,
  tid: operator,
  oid: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
  name: "Sam Staff",
  preferred_username: "sam@operator.example",
  roles: ["Staff.Support"],
  ...over,
});

describe("deciding a console sign-in", () => {
  it("maps the console app's roles, Staff.Admin winning over Staff.Support", () => {
    expect(decideStaffSignIn(claims(), options)).toMatchObject({ ok: true, identity: { role: "support", email: "sam@operator.example" } });
    expect(decideStaffSignIn(claims({ roles: ["Staff.Support", "Staff.Admin"] }), options)).toMatchObject({ ok: true, identity: { role: "admin" } });
  });

  it("keys the staff member on (tid, oid)", () => {
    const decision = decideStaffSignIn(claims(), options);
    expect(decision.ok && decision.identity.providerAccountId).toBe(`${operator}:0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e`);
  });

  it("refuses an account with neither staff role", () => {
    expect(decideStaffSignIn(claims({ roles: ["Gatehouse.Admin"] }), options)).toEqual({ ok: false, reason: "staff_no_role" });
    expect(decideStaffSignIn(claims({ roles: undefined }), options)).toEqual({ ok: false, reason: "staff_no_role" });
  });

  it("refuses a token from any other directory, or whose issuer does not match its tid", () => {
    const other = "11111111-2222-4333-8444-555555555555";
    expect(decideStaffSignIn(claims({ tid: other, iss: `${host}/${other}/v2.0` }), options)).toEqual({ ok: false, reason: "staff_wrong_directory" });
    expect(decideStaffSignIn(claims({ iss: `${host}/common/v2.0` }), options)).toEqual({ ok: false, reason: "issuer_invalid" });
  });
});
