import { describe, expect, it } from "vitest";
import { isNativeRedirectUri, registrationRefusal } from "./native-client-policy";

describe("redirect URIs a native client may register", () => {
  it("are loopback http on any port, or a private-use scheme", () => {
    for (const uri of ["http://127.0.0.1:33418/", "http://localhost/callback", "http://[::1]:8080/cb", "com.example.app:/oauth2redirect", "cursor://anysphere.cursor-retrieval/oauth/callback"])
      expect(isNativeRedirectUri(uri), uri).toBe(true);
  });

  it("are never a web URL, a non-loopback http host, a fragment or a dangerous scheme", () => {
    for (const uri of ["https://app.example.com/cb", "http://example.com/cb", "http://10.0.0.5/cb", "http://127.0.0.1/cb#x", "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "not a uri"])
      expect(isNativeRedirectUri(uri), uri).toBe(false);
  });
});

describe("registrationRefusal", () => {
  it("refuses a confidential client, keys, and a registration without redirect URIs", () => {
    expect(registrationRefusal({ token_endpoint_auth_method: "client_secret_basic", redirect_uris: ["http://127.0.0.1/cb"] })).toBe("oauth_client_not_public");
    expect(registrationRefusal({ token_endpoint_auth_method: "none", redirect_uris: ["http://127.0.0.1/cb"], jwks_uri: "https://x.example/jwks" })).toBe("oauth_client_keys_not_allowed");
    expect(registrationRefusal({ token_endpoint_auth_method: "none", redirect_uris: [] })).toBe("oauth_redirect_not_native");
    expect(registrationRefusal({ token_endpoint_auth_method: "none", redirect_uris: ["http://127.0.0.1/cb", "https://evil.example/cb"] })).toBe("oauth_redirect_not_native");
    expect(registrationRefusal({ token_endpoint_auth_method: "none", redirect_uris: ["http://127.0.0.1/cb"] })).toBeUndefined();
  });
});
