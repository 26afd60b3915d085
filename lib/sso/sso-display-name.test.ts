import { describe, expect, it } from "vitest";
import { ssoDisplayName } from "./sso-display-name";

describe("ssoDisplayName", () => {
  it("names Entra as Microsoft Entra ID, whatever the card says", () => {
    expect(ssoDisplayName({ kind: "entra", issuerUrl: null, displayName: "Ignored" })).toBe("Microsoft Entra ID");
  });
  it("names another issuer by its display name, or else by its host", () => {
    expect(ssoDisplayName({ kind: "oidc", issuerUrl: "https://acme.okta.example/oauth2/default", displayName: "Acme Okta" })).toBe("Acme Okta");
    expect(ssoDisplayName({ kind: "oidc", issuerUrl: "https://acme.okta.example/oauth2/default", displayName: null })).toBe("acme.okta.example");
  });
});
