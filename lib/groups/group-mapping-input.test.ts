import { describe, expect, it } from "vitest";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import { parseGroupMappingInput } from "./group-mapping-input";

describe("checking a new group mapping", () => {
  it("takes an Entra group object ID in any case, stored lower-case, with its role and scopes", () => {
    expect(parseGroupMappingInput({ groupId: " 16C7E67E-E8AE-498C-BA2E-0593C0159E43 ", role: "admin", scopes: "mcp.access, mcp.admin mcp.access" }, "entra")).toEqual({
      ok: true,
      input: { groupId: "16c7e67e-e8ae-498c-ba2e-0593c0159e43", role: "admin", scopes: "mcp.access mcp.admin" },
    });
  });

  it("refuses a group name where Entra needs an object ID, with the sentence that says what to enter", () => {
    const parsed = parseGroupMappingInput({ groupId: "Mcp-test-admin", role: "admin", scopes: "" }, "entra");
    expect(parsed).toEqual({ ok: false, errors: { groupId: "group_mapping_group_id_invalid" } });
    expect(USER_MESSAGES.group_mapping_group_id_invalid).toMatch(/GUID/);
  });

  it("takes a generic issuer's group name as written, and refuses an empty, long or control-character name", () => {
    expect(parseGroupMappingInput({ groupId: "Engineering Leads", role: "member" }, "oidc")).toMatchObject({ ok: true, input: { groupId: "Engineering Leads", scopes: "" } });
    for (const groupId of ["", "x".repeat(257), "a\u0000b"])
      expect(parseGroupMappingInput({ groupId, role: "member" }, "oidc")).toEqual({ ok: false, errors: { groupId: "group_mapping_group_name_invalid" } });
  });

  it("refuses a role other than admin or member, and scopes with characters a scope cannot hold", () => {
    expect(parseGroupMappingInput({ groupId: "g", role: "owner", scopes: "mcp<script>" }, "oidc")).toEqual({
      ok: false,
      errors: { role: "group_mapping_role_invalid", scopes: "group_mapping_scopes_invalid" },
    });
  });

  it("refuses more than 20 scopes", () => {
    const scopes = Array.from({ length: 21 }, (_, i) => `s${i}`).join(" ");
    expect(parseGroupMappingInput({ groupId: "g", role: "member", scopes }, "oidc")).toEqual({ ok: false, errors: { scopes: "group_mapping_scopes_invalid" } });
  });
});
