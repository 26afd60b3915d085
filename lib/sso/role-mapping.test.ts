import { describe, expect, it } from "vitest";
import { mapAppRoles } from "./role-mapping";

const values = { admin: "Gatehouse.Admin", member: "Gatehouse.Member" };

describe("mapAppRoles", () => {
  it("maps the admin value to admin and the member value to member", () => {
    expect(mapAppRoles(["Gatehouse.Admin"], values)).toBe("admin");
    expect(mapAppRoles(["Gatehouse.Member"], values)).toBe("member");
  });
  it("lets admin win when both are assigned", () => {
    expect(mapAppRoles(["Gatehouse.Member", "Gatehouse.Admin"], values)).toBe("admin");
  });
  it("reads a single role sent as a string, as some issuers send it", () => {
    expect(mapAppRoles("Gatehouse.Admin", values)).toBe("admin");
    expect(mapAppRoles("Gatehouse.Member", values)).toBe("member");
  });
  it("maps no role, other roles, near-misses and values that are neither strings nor arrays to nothing", () => {
    for (const roles of [[], ["Reader"], ["gatehouse.admin"], ["Gatehouse.Admin "], "Gatehouse.Admin Gatehouse.Member", undefined, null, [1], { admin: true }])
      expect(mapAppRoles(roles, values)).toBeUndefined();
  });
  it("follows the tenant's own role values", () => {
    expect(mapAppRoles(["Boss"], { admin: "Boss", member: "Staff" })).toBe("admin");
  });
});
