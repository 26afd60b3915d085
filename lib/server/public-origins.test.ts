import { describe, expect, it } from "vitest";
import { decideOrigin, isCrossOriginPagePost } from "./public-origins";

const together = { apiPublicUrl: "https://id.example.com", mgmtPublicUrl: "https://id.example.com" };
const apart = { apiPublicUrl: "https://id.example.com", mgmtPublicUrl: "https://manage.example.com" };

describe("public origins", () => {
  it("serves everything, the console under /manage, on the one origin when the hosts are the same", () => {
    expect(decideOrigin(together, "id.example.com", "/manage")).toEqual({ kind: "serve", origin: "https://id.example.com" });
    expect(decideOrigin(together, "internal:3000", "/login")).toEqual({ kind: "serve", origin: "https://id.example.com" });
  });

  it("answers the console only on its own host when MGMT_PUBLIC_URL's host differs", () => {
    expect(decideOrigin(apart, "manage.example.com", "/manage/audit")).toEqual({ kind: "serve", origin: "https://manage.example.com" });
    expect(decideOrigin(apart, "manage.example.com", "/api/v1/manage/auth/callback/staff-entra")).toEqual({ kind: "serve", origin: "https://manage.example.com" });
    expect(decideOrigin(apart, "id.example.com", "/manage")).toEqual({ kind: "not_found" });
    expect(decideOrigin(apart, "id.example.com", "/api/v1/manage/sign-in")).toEqual({ kind: "not_found" });
  });

  it("keeps the broker's pages off the console host, sending its root to /manage", () => {
    expect(decideOrigin(apart, "manage.example.com", "/login")).toEqual({ kind: "not_found" });
    expect(decideOrigin(apart, "manage.example.com", "/api/v1/auth/callback/microsoft-entra-id")).toEqual({ kind: "not_found" });
    expect(decideOrigin(apart, "Manage.Example.com", "/")).toEqual({ kind: "redirect", location: "https://manage.example.com/manage" });
    expect(decideOrigin(apart, "manage.example.com", "/_next/static/chunk.js")).toEqual({ kind: "serve", origin: "https://manage.example.com" });
  });

  it("treats a path that merely starts with the word as the broker's", () => {
    expect(decideOrigin(apart, "id.example.com", "/managers")).toEqual({ kind: "serve", origin: "https://id.example.com" });
  });
});

describe("the path host routing judges", () => {
  it("is the path Next.js will serve: dot segments resolved, escapes decoded, slashes collapsed", async () => {
    const { routingPath } = await import("./http-server");
    expect(routingPath("/x/../manage?y=1")).toBe("/manage");
    expect(routingPath("/_next/../login")).toBe("/login");
    expect(routingPath("/%6Danage")).toBe("/manage");
    expect(routingPath("//manage")).toBe("/manage");
    expect(routingPath("http://elsewhere/manage")).toBeUndefined();
    expect(routingPath("/%E0%A4%A")).toBeUndefined();
    expect(routingPath("*")).toBeUndefined();
  });
});

describe("form posts to pages from another origin", () => {
  const origin = "https://id.example.com";
  it("are refused, while reads, same-origin posts and API routes pass on", () => {
    expect(isCrossOriginPagePost("POST", "/login", "https://evil.example", origin)).toBe(true);
    expect(isCrossOriginPagePost("POST", "/login", "null", origin)).toBe(true);
    expect(isCrossOriginPagePost("POST", "/login", origin, origin)).toBe(false);
    expect(isCrossOriginPagePost("GET", "/login", "https://evil.example", origin)).toBe(false);
    expect(isCrossOriginPagePost("POST", "/api/v1/auth/callback/microsoft-entra-id", "https://login.microsoftonline.com", origin)).toBe(false);
  });
});
