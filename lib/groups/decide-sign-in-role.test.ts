import { describe, expect, it } from "vitest";
import { decideSignInRole, type GroupEvidence } from "./decide-sign-in-role";
import type { GroupMapping } from "./evaluate-group-mappings";

const ADMINS = "16c7e67e-e8ae-498c-ba2e-0593c0159e43";
const USERS = "62c07ac1-03d0-4924-90c7-a0255f23bd1d";
const mappings: GroupMapping[] = [
  { id: "m1", groupId: ADMINS, role: "admin", scopes: "mcp.access mcp.admin" },
  { id: "m2", groupId: USERS, role: "member", scopes: "mcp.access" },
];
const groups = (...ids: string[]): GroupEvidence => ({ kind: "groups", groups: ids, source: "token" });
const base = { appRole: undefined, mappings, kind: "entra" as const, unmatchedRole: "refuse" as const, previous: undefined };

describe("deciding the role of a sign-in with group mappings", () => {
  it("gives the first matching mapping in priority order, with its scopes", () => {
    expect(decideSignInRole({ ...base, evidence: groups(USERS, ADMINS) })).toEqual({ ok: true, role: "admin", groupScopes: "mcp.access mcp.admin", source: "group_mapping", mappingId: "m1" });
    const reordered = [mappings[1]!, mappings[0]!];
    expect(decideSignInRole({ ...base, mappings: reordered, evidence: groups(USERS, ADMINS) })).toMatchObject({ role: "member", mappingId: "m2" });
  });

  it("lets an app role decide the role before any mapping, the first mapping still giving the scopes", () => {
    expect(decideSignInRole({ ...base, appRole: "member", evidence: groups(ADMINS) })).toEqual({ ok: true, role: "member", groupScopes: "mcp.access mcp.admin", source: "app_role", mappingId: "m1" });
  });

  it("compares Entra group object IDs without regard to case", () => {
    expect(decideSignInRole({ ...base, evidence: groups(ADMINS.toUpperCase()) })).toMatchObject({ role: "admin" });
  });

  it("compares a generic issuer's group names exactly", () => {
    const named: GroupMapping[] = [{ id: "n1", groupId: "Engineering", role: "admin", scopes: "" }];
    expect(decideSignInRole({ ...base, kind: "oidc", mappings: named, evidence: groups("engineering") })).toEqual({ ok: false, reason: "no_supported_role" });
    expect(decideSignInRole({ ...base, kind: "oidc", mappings: named, evidence: groups("Engineering") })).toMatchObject({ ok: true, role: "admin" });
  });

  it("falls back to the card's default: member when it admits people without a role, else refused", () => {
    expect(decideSignInRole({ ...base, unmatchedRole: "member", evidence: groups() })).toEqual({ ok: true, role: "member", groupScopes: "", source: "default" });
    expect(decideSignInRole({ ...base, evidence: groups("00000000-0000-4000-8000-000000000000") })).toEqual({ ok: false, reason: "no_supported_role" });
  });

  it("keeps a returning person's role and scopes when the groups could not be read", () => {
    const decision = decideSignInRole({ ...base, evidence: { kind: "unresolved", reason: "graph_unreachable" }, previous: { role: "admin", groupScopes: "mcp.admin" } });
    expect(decision).toEqual({ ok: true, role: "admin", groupScopes: "mcp.admin", source: "previous", groupsUnresolved: "graph_unreachable" });
  });

  it("gives a first-time person the default when the groups could not be read", () => {
    const unresolved = { kind: "unresolved", reason: "graph_throttled" } as const;
    expect(decideSignInRole({ ...base, unmatchedRole: "member", evidence: unresolved })).toEqual({ ok: true, role: "member", groupScopes: "", source: "default", groupsUnresolved: "graph_throttled" });
    expect(decideSignInRole({ ...base, evidence: unresolved })).toEqual({ ok: false, reason: "no_supported_role", groupsUnresolved: "graph_throttled" });
  });

  it("still applies an app role when the groups could not be read", () => {
    const decision = decideSignInRole({ ...base, appRole: "member", evidence: { kind: "unresolved", reason: "graph_unreachable" }, previous: { role: "admin", groupScopes: "x" } });
    expect(decision).toMatchObject({ ok: true, role: "member", groupScopes: "x", source: "app_role" });
  });
});
