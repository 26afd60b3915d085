import { describe, expect, it } from "vitest";
import { signInThroughAccountPicker } from "./sign-in-client";
import {
  ASSIGNMENT_REQUIRED_APP,
  authorizeUrl,
  CONTOSO,
  FABRIKAM,
  pkcePair,
  PLATFORM_APP,
  REDIRECT_URI,
  SINGLE_TENANT_APP,
  withContractEmulator,
  users,
} from "./test-fixture";

const emulator = withContractEmulator();

const challenge = pkcePair().challenge;

async function open(tenant: string, params: Record<string, string | undefined> = {}) {
  const url = new URL(authorizeUrl(emulator, tenant, { code_challenge: challenge, ...params }));
  return emulator.get(`${url.pathname}${url.search}`);
}

/** The page's text as a person reads it: entities decoded (the emulator writes numeric ones only). */
function text(html: string): string {
  return html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

function offeredAccounts(html: string): string[] {
  return [...html.matchAll(/data-oid="([^"]+)"/g)].map((m) => m[1]!);
}

describe("requests that cannot be trusted are shown an error page, never redirected", () => {
  it("refuses a redirect URI that is not registered exactly, with AADSTS50011", async () => {
    for (const redirectUri of [`${REDIRECT_URI}/`, REDIRECT_URI.toUpperCase(), "https://attacker.example/callback"]) {
      const response = await open("common", { redirect_uri: redirectUri });
      expect(response.status).toBe(400);
      expect(response.headers.location).toBeUndefined();
      expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(text(response.body)).toContain("Sorry, but we're having trouble signing you in.");
      expect(text(response.body)).toContain(`AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match`);
      expect(response.body).not.toContain('name="handle"');
    }
  });

  it("refuses an app unknown to the tenant with AADSTS700016", async () => {
    const response = await open(FABRIKAM, { client_id: SINGLE_TENANT_APP });
    expect(response.status).toBe(400);
    expect(text(response.body)).toContain(`AADSTS700016: Application with identifier '${SINGLE_TENANT_APP}' was not found in the directory 'Fabrikam'`);
  });

  it("refuses a single-tenant app on /common with AADSTS50194", async () => {
    const response = await open("common", { client_id: SINGLE_TENANT_APP });
    expect(response.status).toBe(400);
    expect(response.body).toContain("AADSTS50194");
  });

  it("refuses an unknown tenant with AADSTS90002", async () => {
    const response = await open("nowhere.example");
    expect(response.status).toBe(400);
    expect(text(response.body)).toContain("AADSTS90002: Tenant 'nowhere.example' not found.");
  });
});

describe("PKCE is required", () => {
  it("sends a request without code_challenge back to the client as invalid_request, with its state", async () => {
    const response = await open("common", { code_challenge: "", code_challenge_method: "" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("error_description")).toMatch(/^AADSTS9002325: /);
    expect(location.searchParams.get("state")).toBe("state-123");
  });

  it("refuses an unknown challenge method", async () => {
    const response = await open("common", { code_challenge_method: "S512" });
    expect(new URL(response.headers.location!).searchParams.get("error_description")).toMatch(/^AADSTS50149: /);
  });
});

describe("the account picker", () => {
  it("offers a tenant's own users on its GUID", async () => {
    const response = await open(CONTOSO);
    expect(response.status).toBe(200);
    const offered = offeredAccounts(response.body);
    expect(offered).toContain(users.verified.oid);
    expect(offered).not.toContain(users.stranger.oid);
    expect(offered).not.toContain(users.personal.oid);
    expect(response.body).toContain(`<span class="name">Megan Bowen</span> <span class="username">megan@contoso.example</span>`);
  });

  it("offers every directory's users on common, all but personal accounts on organizations, only those on consumers", async () => {
    const common = offeredAccounts((await open("common")).body);
    expect(common).toEqual(expect.arrayContaining([users.verified.oid, users.stranger.oid, users.personal.oid]));
    const organizations = offeredAccounts((await open("organizations")).body);
    expect(organizations).toEqual(expect.arrayContaining([users.verified.oid, users.stranger.oid]));
    expect(organizations).not.toContain(users.personal.oid);
    expect(offeredAccounts((await open("consumers")).body)).toEqual([users.personal.oid]);
  });

  it("narrows to the account a login_hint names, and ignores a hint that names nobody", async () => {
    expect(offeredAccounts((await open("common", { login_hint: "LEE@fabrikam.example" })).body)).toEqual([users.stranger.oid]);
    expect(offeredAccounts((await open("common", { login_hint: "nobody@nowhere.example" })).body).length).toBeGreaterThan(3);
  });

  it("accepts a choice only once, and only with the handle it issued", async () => {
    const page = await open("common");
    const handle = /name="handle" value="([^"]+)"/.exec(page.body)![1]!;
    const choose = (h: string) => emulator.postForm("/common/login", { handle: h, account: `${CONTOSO}:${users.verified.oid}` });
    expect((await choose("forged-handle")).status).toBe(400);
    expect((await choose(handle)).status).toBe(302);
    expect((await choose(handle)).status).toBe(400);
  });

  it("returns code, state and session_state to the redirect URI", async () => {
    const outcome = await signInThroughAccountPicker({ authorizeUrl: authorizeUrl(emulator, "common", { code_challenge: challenge }), oid: users.verified.oid, caPem: emulator.caPem });
    expect(outcome.kind).toBe("redirect");
    if (outcome.kind !== "redirect") return;
    expect(outcome.location.startsWith(`${REDIRECT_URI}?code=`)).toBe(true);
    expect([...outcome.params.keys()]).toEqual(["code", "state", "session_state"]);
    expect(outcome.params.get("state")).toBe("state-123");
  });

  it("posts the code with an auto-submitting form for response_mode=form_post", async () => {
    const url = authorizeUrl(emulator, "common", { code_challenge: challenge, response_mode: "form_post" });
    const outcome = await signInThroughAccountPicker({ authorizeUrl: url, oid: users.verified.oid, caPem: emulator.caPem });
    expect(outcome.kind).toBe("form_post");
    if (outcome.kind !== "form_post") return;
    expect(outcome.action).toBe(REDIRECT_URI);
    expect(Object.keys(outcome.fields)).toEqual(["code", "state", "session_state"]);
  });

  it("answers prompt=none with login_required, since the emulator keeps no session", async () => {
    const response = await open("common", { prompt: "none" });
    const location = new URL(response.headers.location!);
    expect(location.searchParams.get("error")).toBe("login_required");
    expect(location.searchParams.get("error_description")).toMatch(/^AADSTS50058: /);
  });
});

describe("assignment required", () => {
  it("redirects an unassigned user with access_denied and AADSTS50105, in Entra's description format", async () => {
    const url = authorizeUrl(emulator, CONTOSO, { client_id: ASSIGNMENT_REQUIRED_APP, code_challenge: challenge });
    const outcome = await signInThroughAccountPicker({ authorizeUrl: url, oid: users.noEmail.oid, caPem: emulator.caPem });
    expect(outcome.kind).toBe("redirect");
    if (outcome.kind !== "redirect") return;
    expect([...outcome.params.keys()]).toEqual(["error", "error_description", "error_uri", "state"]);
    expect(outcome.params.get("error")).toBe("access_denied");
    expect(outcome.params.get("state")).toBe("state-123");
    expect(outcome.params.get("error_description")).toMatch(
      /^AADSTS50105: Your administrator has configured the application Assigned only \('[0-9a-f-]{36}'\) to block users unless they are specifically granted \('assigned'\) access to the application\. .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s,
    );
    expect(outcome.params.get("error_uri")).toBe("https://login.microsoftonline.com/error?code=50105");
  });

  it("lets an assigned user through, and lets a user in once roles are assigned", async () => {
    const url = () => authorizeUrl(emulator, CONTOSO, { client_id: ASSIGNMENT_REQUIRED_APP, code_challenge: challenge });
    const assigned = await signInThroughAccountPicker({ authorizeUrl: url(), oid: users.verified.oid, caPem: emulator.caPem });
    expect(assigned.kind === "redirect" && assigned.params.has("code")).toBe(true);

    await emulator.admin.setUserRoles(CONTOSO, ASSIGNMENT_REQUIRED_APP, users.unverified.oid, ["Gatehouse.Member"]);
    const nowAssigned = await signInThroughAccountPicker({ authorizeUrl: url(), oid: users.unverified.oid, caPem: emulator.caPem });
    expect(nowAssigned.kind === "redirect" && nowAssigned.params.has("code")).toBe(true);

    await emulator.admin.setUserRoles(CONTOSO, ASSIGNMENT_REQUIRED_APP, users.unverified.oid, []);
    const unassigned = await signInThroughAccountPicker({ authorizeUrl: url(), oid: users.unverified.oid, caPem: emulator.caPem });
    expect(unassigned.kind === "redirect" && unassigned.params.get("error")).toBe("access_denied");
  });
});

it("keeps the platform app usable from every seeded tenant (multi-tenant, implicit consent)", async () => {
  const page = await open(FABRIKAM, { client_id: PLATFORM_APP });
  expect(offeredAccounts(page.body)).toEqual([users.stranger.oid]);
});
