import { describe, expect, it } from "vitest";
import { PERSONAL_ACCOUNTS_TENANT_ID } from "@/lib/entra/tenant-ids";
import { decidePlatformMicrosoftSignIn } from "./platform-microsoft-sign-in";

const host = "https://login.microsoftonline.com";
const tid = "4f6a1c2e-8b3d-4e5f-9a1b-2c3d4e5f6a7b";
const oid = "7d9e2f1a-3b4c-4d5e-8f6a-1b2c3d4e5f6a";
const claims = { iss: `${host}/${tid}/v2.0`, tid, oid, name: "Megan Bowen", email: "Megan@Contoso.com", xms_edov: true };
const options = { authorityHost: host, allowPersonalAccounts: false };

describe("decidePlatformMicrosoftSignIn", () => {
  it("keys the identity on tid:oid and keeps name and e-mail as display data", () => {
    expect(decidePlatformMicrosoftSignIn(claims, options)).toEqual({
      ok: true,
      identity: {
        provider: "microsoft-entra-id",
        providerAccountId: `${tid}:${oid}`,
        tid,
        name: "Megan Bowen",
        email: "megan@contoso.com",
        emailDomainVerified: true,
      },
    });
  });

  it("rejects a token whose iss is not the template filled with its own tid", () => {
    const other = "11111111-2222-4333-8444-555555555555";
    expect(decidePlatformMicrosoftSignIn({ ...claims, iss: `${host}/${other}/v2.0` }, options)).toMatchObject({ ok: false, reason: "issuer_invalid" });
    expect(decidePlatformMicrosoftSignIn({ ...claims, iss: `${host}/{tenantid}/v2.0` }, options)).toMatchObject({ ok: false, reason: "issuer_invalid" });
    expect(decidePlatformMicrosoftSignIn({ ...claims, tid: "common", iss: `${host}/common/v2.0` }, options)).toMatchObject({ ok: false });
    expect(decidePlatformMicrosoftSignIn({ ...claims, oid: undefined }, options)).toMatchObject({ ok: false, reason: "issuer_invalid" });
  });

  it("refuses personal accounts unless MS_ALLOW_PERSONAL_ACCOUNTS is on", () => {
    const personal = { ...claims, tid: PERSONAL_ACCOUNTS_TENANT_ID, iss: `${host}/${PERSONAL_ACCOUNTS_TENANT_ID}/v2.0` };
    expect(decidePlatformMicrosoftSignIn(personal, options)).toEqual({ ok: false, reason: "personal_account_not_allowed", tid: PERSONAL_ACCOUNTS_TENANT_ID });
    expect(decidePlatformMicrosoftSignIn(personal, { ...options, allowPersonalAccounts: true })).toMatchObject({ ok: true });
  });

  it("treats an e-mail without xms_edov: true as unverified", () => {
    for (const xms_edov of [undefined, false, "true", 1])
      expect(decidePlatformMicrosoftSignIn({ ...claims, xms_edov }, options)).toMatchObject({ identity: { emailDomainVerified: false } });
    expect(decidePlatformMicrosoftSignIn({ ...claims, email: undefined }, options)).toMatchObject({ identity: { email: null, emailDomainVerified: false } });
  });
});
