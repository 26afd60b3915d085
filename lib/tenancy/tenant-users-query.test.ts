import { describe, expect, it } from "vitest";
import { parseTenantUsersQuery } from "./tenant-users-query";

const parse = (query: string) => parseTenantUsersQuery(new URLSearchParams(query));

describe("parseTenantUsersQuery", () => {
  it("defaults to the first page sorted by name, ascending", () => {
    expect(parse("")).toEqual({ ok: true, query: { sort: "name", dir: "asc", page: 1, search: "" } });
  });

  it("accepts every sortable column in both directions", () => {
    for (const sort of ["name", "email", "role", "lastSignIn"])
      for (const dir of ["asc", "desc"]) expect(parse(`sort=${sort}&dir=${dir}&page=3`)).toEqual({ ok: true, query: { sort, dir, page: 3, search: "" } });
  });

  it("refuses an unknown column with a message that lists the allowed ones", () => {
    expect(parse("sort=created")).toEqual({ ok: false, message: "sort must be one of name, email, role, lastSignIn." });
  });

  it("refuses pages that are not whole numbers from 1 up", () => {
    for (const page of ["0", "-1", "1.5", "abc", "", "01", "1e3", "9999999"])
      expect(parse(`page=${encodeURIComponent(page)}`)).toEqual({ ok: false, message: "page must be a whole number from 1 to 100000." });
  });

  it("takes a search, trimmed and without control characters", () => {
    expect(parse(`q=${encodeURIComponent("  ada@\u0000acme ")}`)).toMatchObject({ ok: true, query: { search: "ada@acme" } });
  });

  it("refuses a search longer than 100 characters", () => {
    expect(parse(`q=${"a".repeat(101)}`)).toEqual({ ok: false, message: "q must be at most 100 characters." });
  });

  it("names every bad parameter at once", () => {
    expect(parse("sort=x&dir=up&page=0")).toEqual({
      ok: false,
      message: "sort must be one of name, email, role, lastSignIn. dir must be asc or desc. page must be a whole number from 1 to 100000.",
    });
  });
});
