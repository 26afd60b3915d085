import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { dropInvalidCallbackUrls } from "./callback-url-guard";

const request = (url: string, cookie?: string) => ({ url, headers: cookie === undefined ? {} : { cookie } }) as IncomingMessage;
const BASE = "https://id.example.com";

describe("dropInvalidCallbackUrls", () => {
  it("keeps a relative or http(s) return address and every other cookie", () => {
    const req = request("/api/v1/auth/signin?callbackUrl=%2Fsettings", "a=1; gatehouse.return-to=https%3A%2F%2Fid.example.com%2F; b=2");
    dropInvalidCallbackUrls(req, BASE);
    expect(req.url).toBe("/api/v1/auth/signin?callbackUrl=%2Fsettings");
    expect(req.headers.cookie).toBe("a=1; gatehouse.return-to=https%3A%2F%2Fid.example.com%2F; b=2");
  });

  it("drops a return-address cookie that is not an http(s) URL, in either cookie name", () => {
    for (const name of ["gatehouse.return-to", "__Host-gatehouse.return-to"]) {
      const req = request("/login", `a=1; ${name}=%20; b=2`);
      dropInvalidCallbackUrls(req, BASE);
      expect(req.headers.cookie).toBe("a=1; b=2");
    }
    const undecodable = request("/", "gatehouse.return-to=%E0%A4%A");
    dropInvalidCallbackUrls(undecodable, BASE);
    expect(undecodable.headers.cookie).toBeUndefined();
  });

  it("drops a callbackUrl parameter of an auth request that is not an http(s) URL", () => {
    for (const bad of ["javascript%3Aalert(1)", "%20", "not%20a%20url"]) {
      const req = request(`/api/v1/auth/signin/microsoft-entra-id?x=1&callbackUrl=${bad}`);
      dropInvalidCallbackUrls(req, BASE);
      expect(req.url).toBe("/api/v1/auth/signin/microsoft-entra-id?x=1");
    }
  });
});
