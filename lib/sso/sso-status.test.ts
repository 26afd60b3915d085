import { describe, expect, it } from "vitest";
import { frozenClock } from "@/lib/time/clock";
import { ssoStatus, type SsoStatusInput } from "./sso-status";
import { ssoStatusTone } from "./sso-status-tone";

const now = frozenClock("2026-11-28T12:00:00Z").now();
const on: SsoStatusInput = {
  kind: "entra",
  entraTenantId: "5470fe65-0ade-4fcf-8f19-27bc9bd87a10",
  issuerUrl: null,
  clientId: "6a16fd7a-863b-4a6d-9bba-ec3ee52cca0d",
  secretSet: true,
  enabled: true,
  clientSecretExpiresAt: new Date("2027-01-31T00:00:00Z"),
  verifiedDomains: 1,
};

describe("ssoStatus", () => {
  it("says the sign-in button is visible only when SSO is on, the secret current and a verified domain routes here", () => {
    expect(ssoStatus(on, now)).toBe("Configured · Sign-in button visible on /login");
    expect(ssoStatus({ ...on, clientSecretExpiresAt: null }, now)).toBe("Configured · Sign-in button visible on /login");
  });
  it("names a missing verified domain", () => {
    expect(ssoStatus({ ...on, verifiedDomains: 0 }, now)).toBe("Configured · Not shown on /login: no verified domain routes people here yet");
  });
  it("names an expired client secret, from the moment of its expiry", () => {
    expect(ssoStatus({ ...on, clientSecretExpiresAt: new Date("2026-11-28T12:00:00Z") }, now)).toBe("Configured · Sign-in fails: the client secret has expired");
    expect(ssoStatus({ ...on, clientSecretExpiresAt: new Date("2026-11-28T12:00:01Z") }, now)).toBe("Configured · Sign-in button visible on /login");
  });
  it("keeps the contract's other states", () => {
    expect(ssoStatus(undefined, now)).toBe("Not configured");
    expect(ssoStatus({ ...on, secretSet: false }, now)).toBe("Not configured");
    expect(ssoStatus({ ...on, enabled: false, verifiedDomains: 0 }, now)).toBe("Configured · Toggle on to show the sign-in button");
  });
});

const toneOf = (input: SsoStatusInput | undefined) => ssoStatusTone(ssoStatus(input, now));

describe("ssoStatusTone", () => {
  it("reads active only when the sign-in button is visible on /login", () => {
    expect(toneOf(on)).toBe("active");
  });
  it("asks for attention when SSO is on but no verified domain routes people to it", () => {
    expect(toneOf({ ...on, verifiedDomains: 0 })).toBe("attention");
  });
  it("reads off when SSO is turned off or not set up", () => {
    expect(toneOf({ ...on, enabled: false })).toBe("off");
    expect(toneOf(undefined)).toBe("off");
    expect(toneOf({ ...on, secretSet: false })).toBe("off");
  });
  it("reads failing once the client secret has expired", () => {
    expect(toneOf({ ...on, clientSecretExpiresAt: new Date("2026-11-01T00:00:00Z") })).toBe("failing");
  });
});
