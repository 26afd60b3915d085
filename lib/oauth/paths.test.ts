import { describe, expect, it } from "vitest";
import { isAuthorizationServerPath, isInteractionReturnPath } from "./paths";

describe("where a sign-in may return for an authorization", () => {
  it("is a waiting interaction of this origin", () => {
    expect(isInteractionReturnPath("/oauth/interaction/Z_RwSpoJ9o66M2Fh31eAv")).toBe(true);
  });

  it("is nothing else: not its decision, another origin, a protocol-relative URL or a traversal", () => {
    for (const path of [
      "/oauth/interaction/Z_RwSpoJ9o66M2Fh31eAv/decide",
      "https://evil.example/oauth/interaction/Z_RwSpoJ9o66M2Fh31eAv",
      "//evil.example/oauth/interaction/Z_RwSpoJ9o66M2Fh31eAv",
      "/oauth/interaction/../../settings",
      "/oauth/interaction/short",
      "/oauth/interaction/Z_RwSpoJ9o66M2Fh31eAv?x=1",
    ])
      expect(isInteractionReturnPath(path), path).toBe(false);
  });
});

describe("the paths handed to the authorization server", () => {
  it("are its endpoints, both metadata documents and the interaction route, and no page", () => {
    for (const path of ["/oauth2/token", "/oauth2/authorize/abc", "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/oauth/interaction/Z_RwSpoJ9o66M2Fh31eAv", "/oauth/interaction/Z_RwSpoJ9o66M2Fh31eAv/decide"])
      expect(isAuthorizationServerPath(path), path).toBe(true);
    for (const path of ["/oauth/consent/Z_RwSpoJ9o66M2Fh31eAv", "/account/apps", "/.well-known/oauth-protected-resource/mcp", "/mcp", "/oauth2"])
      expect(isAuthorizationServerPath(path), path).toBe(false);
  });
});
