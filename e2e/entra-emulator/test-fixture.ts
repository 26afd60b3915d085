import { afterAll, beforeAll } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { formBody, httpsFetch, type HttpsResponse } from "./https-client";
import { generatedGroupIds, type EntraSeed } from "./seed";
import { startEntraEmulator, type RunningEntraEmulator } from "./server";
import { signInThroughAccountPicker, type AuthorizeOutcome } from "./sign-in-client";
import { PERSONAL_ACCOUNTS_TENANT_ID } from "./well-known-ids";

/**
 * The directory the contract tests run against, and small helpers that speak real HTTPS to a started emulator.
 * Every scenario the tests pin has a user or app here, named for what it is.
 */

export const CONTOSO = "0c9c6f1e-3a57-4c1b-9f0e-6b2d41a7c5e3";
export const FABRIKAM = "7d4e2b91-58f3-4a60-b2c7-e91f0a3d6b84";
export const PERSONAL = PERSONAL_ACCOUNTS_TENANT_ID;

export const PLATFORM_APP = "5a1f7c3e-9b24-4d6a-8e01-3c7b92f4a6d5";
export const OTHER_MULTI_TENANT_APP = "b83e6d12-47a9-4f5c-a0e3-d2915c7b8f46";
export const ASSIGNMENT_REQUIRED_APP = "e16a9b3f-0c52-48d7-b9e4-71a3c6d2f058";
export const SINGLE_TENANT_APP = "c2f85a07-6e3b-4d91-8a7c-f0b4e3915d26";
export const EXPIRED_SECRET_APP = "93d7e1c4-2b8f-4a05-9c6e-a4f1b7d3e092";
export const API_V2 = "4f0b8e26-d1a7-4c39-b5e2-8a6c3f9d1e70";
export const API_V1 = "a7c3d95e-8f14-4b62-9d0a-5e2b7f4c6a18";

export const SECRET = "contract-test-secret~0001";
export const REDIRECT_URI = "https://broker.example/api/v1/auth/callback/microsoft-entra-id";

export const users = {
  verified: { oid: "6b1e4f2a-93c7-4d58-a0b6-2f8e1c7d9a34", name: "Megan Bowen", preferredUsername: "megan@contoso.example", email: "megan@contoso.example", emailDomainVerified: true, groups: ["11111111-2222-4333-8444-555555555555"] },
  unverified: { oid: "2d9a7c14-5e3b-4f06-b8a1-c7e2f49d3b65", name: "Grady Archie", preferredUsername: "grady@contoso.example", email: "grady.archie@mail.example", emailDomainVerified: false },
  noEmail: { oid: "8e3f1b6d-0a2c-4795-b4d8-1c6a9e7f2b03", name: "Alex Wilber", preferredUsername: "alex@contoso.example", email: null },
  emailOnly: { oid: "f4c8a2e1-7b9d-4306-a5f2-9e1d3c8b7a46", name: "Omar Email", preferredUsername: "omar@contoso.example", email: "omar@contoso.example" },
  overage: { oid: "3a7d9e2f-1c4b-4a86-9e05-b2f8c6d1a937", name: "Lynne Robbins", preferredUsername: "lynne@contoso.example", email: "lynne@contoso.example", emailDomainVerified: true },
  atLimit: { oid: "9c2b5f8e-4d1a-4e73-b6c0-a8e3d7f2b154", name: "Nestor Wilke", preferredUsername: "nestor@contoso.example" },
  stranger: { oid: "5e8a1d3c-7f2b-4c94-a6e1-d0b9f3c2a785", name: "Lee Gu", preferredUsername: "lee@fabrikam.example", email: "lee@fabrikam.example", emailDomainVerified: true },
  personal: { oid: "00000000-0000-0000-66f3-3332eca7ea81", name: "Pat Personal", preferredUsername: "pat@outlook.example", email: "pat@outlook.example", emailDomainVerified: true },
};

export function contractSeed(): EntraSeed {
  const app = (clientId: string, displayName: string) => ({ clientId, displayName, secrets: [{ value: SECRET }], redirectUris: [REDIRECT_URI] });
  return {
    tenants: [
      {
        id: CONTOSO,
        displayName: "Contoso",
        domains: ["contoso.example"],
        region: "EU",
        users: [
          users.verified,
          users.unverified,
          users.noEmail,
          users.emailOnly,
          { ...users.overage, groups: generatedGroupIds(CONTOSO, users.overage.oid, 201) },
          { ...users.atLimit, groups: generatedGroupIds(CONTOSO, users.atLimit.oid, 200) },
        ],
        apps: [
          { ...app(PLATFORM_APP, "Gatehouse"), multiTenant: true, groupMembershipClaims: "SecurityGroup", roleAssignments: { [users.verified.oid]: ["Gatehouse.Admin"] } },
          { ...app(OTHER_MULTI_TENANT_APP, "Other product"), multiTenant: true },
          { ...app(ASSIGNMENT_REQUIRED_APP, "Assigned only"), assignmentRequired: true, roleAssignments: { [users.verified.oid]: ["Gatehouse.Member"] } },
          { ...app(SINGLE_TENANT_APP, "Contoso daemon"), appPermissions: ["Directory.Read.All", "User.Read.All"] },
          { ...app(EXPIRED_SECRET_APP, "Old daemon"), secrets: [{ value: SECRET, expiresAt: "2020-01-01T00:00:00Z" }] },
          { ...app(API_V2, "Gatehouse MCP"), redirectUris: [], identifierUris: ["api://gatehouse-mcp"], accessTokenAcceptedVersion: 2, roleAssignments: { [users.verified.oid]: ["Tools.Read"] } },
          { ...app(API_V1, "Contoso legacy API"), redirectUris: [], identifierUris: ["https://api.contoso.example"] },
        ],
      },
      { id: FABRIKAM, displayName: "Fabrikam", domains: ["fabrikam.example"], users: [users.stranger], apps: [] },
      { id: PERSONAL, displayName: "Microsoft Accounts", domains: [], users: [users.personal], apps: [] },
    ],
  };
}

export type ContractEmulator = RunningEntraEmulator & {
  get(path: string, headers?: Record<string, string>): Promise<HttpsResponse>;
  postForm(path: string, fields: Record<string, string>, headers?: Record<string, string>): Promise<HttpsResponse>;
};

export async function startContractEmulator(): Promise<ContractEmulator> {
  const emulator = await startEntraEmulator({ seed: contractSeed(), port: 0 });
  return {
    ...emulator,
    get: (path, headers = {}) => httpsFetch(`${emulator.url}${path}`, { ca: emulator.caPem, headers }),
    postForm: (path, fields, headers = {}) => {
      const form = formBody(fields);
      return httpsFetch(`${emulator.url}${path}`, { method: "POST", ca: emulator.caPem, body: form.body, headers: { ...form.headers, ...headers } });
    },
  };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeUrl(emulator: RunningEntraEmulator, tenant: string, params: Record<string, string | undefined>): string {
  const url = new URL(`${emulator.url}/${tenant}/oauth2/v2.0/authorize`);
  const defaults = {
    client_id: PLATFORM_APP,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    scope: "openid profile email offline_access",
    state: "state-123",
    nonce: "nonce-456",
    code_challenge_method: "S256",
  };
  // An explicit `undefined` keeps the default; to leave a parameter out, pass "" (sent as absent).
  const given = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
  for (const [name, value] of Object.entries({ ...defaults, ...given })) if (value !== "") url.searchParams.set(name, value!);
  return url.toString();
}

export type SignIn = { tenant?: string; oid: string; tenantId?: string; clientId?: string; scope?: string; extra?: Record<string, string> };

/** Authorize → pick the account → the code, with the PKCE verifier that goes with it. */
export async function codeFor(emulator: ContractEmulator, signIn: SignIn): Promise<{ code: string; verifier: string; outcome: AuthorizeOutcome }> {
  const { verifier, challenge } = pkcePair();
  const url = authorizeUrl(emulator, signIn.tenant ?? "common", { client_id: signIn.clientId, scope: signIn.scope, code_challenge: challenge, ...signIn.extra });
  const outcome = await signInThroughAccountPicker({ authorizeUrl: url, oid: signIn.oid, tenantId: signIn.tenantId, caPem: emulator.caPem });
  if (outcome.kind !== "redirect" || !outcome.params.get("code")) throw new Error(`No code: ${JSON.stringify(outcome)}`);
  return { code: outcome.params.get("code")!, verifier, outcome };
}

export async function redeem(emulator: ContractEmulator, tenant: string, code: string, verifier: string, overrides: Record<string, string> = {}) {
  return emulator.postForm(`/${tenant}/oauth2/v2.0/token`, {
    grant_type: "authorization_code",
    client_id: PLATFORM_APP,
    client_secret: SECRET,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    ...overrides,
  });
}

/** The whole flow, returning the token response body. */
export async function signInTokens(emulator: ContractEmulator, signIn: SignIn): Promise<Record<string, string>> {
  const { code, verifier } = await codeFor(emulator, signIn);
  const tenant = signIn.tenant ?? "common";
  const response = await redeem(emulator, tenant, code, verifier, signIn.clientId ? { client_id: signIn.clientId } : {});
  if (response.status !== 200) throw new Error(`Token request failed: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as Record<string, string>;
}

export function claimsOf(token: string) {
  return decodeJwt(token);
}

export function headerOf(token: string) {
  return decodeProtectedHeader(token);
}

/**
 * The usual set-up of a contract-test file: one emulator started before its tests and stopped after them.
 * `const emulator = withContractEmulator();` then use it inside tests.
 */
export function withContractEmulator(): ContractEmulator {
  let current: ContractEmulator | undefined;
  beforeAll(async () => {
    current = await startContractEmulator();
  });
  afterAll(async () => {
    await current?.stop();
  });
  return new Proxy({} as ContractEmulator, {
    get: (_target, key) => {
      if (!current) throw new Error("the emulator starts in beforeAll; use it inside tests");
      const value = Reflect.get(current, key);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}
