import { describe, expect, it } from "vitest";
import { claimsWithUserInfo, needsUserInfo } from "./claims-with-userinfo";

describe("claimsWithUserInfo", () => {
  it("adds the claims the ID token lacks", () => {
    expect(claimsWithUserInfo({ iss: "https://idp", sub: "a" }, { sub: "a", email: "a@x.example", groups: ["G"] })).toEqual({ iss: "https://idp", sub: "a", email: "a@x.example", groups: ["G"] });
  });
  it("never overrides the ID token, nor takes the claims that say who issued what to whom", () => {
    const merged = claimsWithUserInfo({ iss: "https://idp", sub: "a", email: "a@x.example" }, { iss: "https://evil", aud: "other", tid: "t", oid: "o", email: "b@x.example" });
    expect(merged).toEqual({ iss: "https://idp", sub: "a", email: "a@x.example" });
  });
});

describe("needsUserInfo", () => {
  it("asks UserInfo only when the ID token lacks the e-mail, the name or the role claim", () => {
    expect(needsUserInfo({ email: "a@x", name: "A", roles: [] }, "roles")).toBe(false);
    expect(needsUserInfo({ name: "A", roles: [] }, "roles")).toBe(true);
    expect(needsUserInfo({ email: "a@x", name: "A", roles: [] }, "groups")).toBe(true);
  });
});
