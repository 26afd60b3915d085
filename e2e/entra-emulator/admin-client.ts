import type { HostileMode } from "./hostile-modes";
import { httpsFetch } from "./https-client";
import type { LoggedRequest, RequestCounts } from "./request-log";
import type { EntraApp, EntraTenant, EntraUser } from "./seed";

/**
 * Typed client of the admin API (`admin.ts`). Works from any process that has the emulator's URL and CA, so a
 * Playwright test can drive an emulator that `npm run emulator` started.
 */
export type EntraEmulatorAdmin = {
  /** Replaces the user's app-role assignment on the app registered in `tenantId`; an empty list unassigns. */
  setUserRoles(tenantId: string, clientId: string, oid: string, roles: string[]): Promise<void>;
  updateUser(tenantId: string, oid: string, patch: Partial<Omit<EntraUser, "oid">>): Promise<EntraUser>;
  addUser(tenantId: string, user: EntraUser): Promise<void>;
  addTenant(tenant: EntraTenant): Promise<void>;
  addApp(tenantId: string, app: EntraApp): Promise<void>;
  updateApp(tenantId: string, clientId: string, patch: Partial<Omit<EntraApp, "clientId">>): Promise<EntraApp>;
  /** Every secret of the app expires now: the next token request answers AADSTS7000222. */
  expireSecret(tenantId: string, clientId: string): Promise<void>;
  /**
   * Answers this client with exactly one thing wrong (see HOSTILE_MODES in hostile-modes.ts) until cleared with
   * `null`. Other clients are not affected. Throws when no app has this client id.
   */
  setHostileMode(clientId: string, mode: HostileMode | null): Promise<void>;
  /** The clients currently in a hostile mode. */
  hostileModes(): Promise<Record<string, HostileMode>>;
  /**
   * Microsoft Graph throttled (the next `times` requests answer 429 with `Retry-After: retryAfterSeconds`), down
   * (503 until cleared) or, with `null`, normal again.
   */
  setGraphMode(mode: { mode: "throttle"; retryAfterSeconds?: number; times?: number } | { mode: "down" } | null): Promise<void>;
  /** Adds a new signing key, signs with it from now on, keeps the old keys published. */
  rotateSigningKey(): Promise<{ kid: string }>;
  /** Signs with a published key again (switch back after a rotation). */
  setSigningKey(kid: string): Promise<void>;
  signingKeys(): Promise<{ active: string; kids: string[] }>;
  /** Moves the emulator's clock (codes, tokens, secret expiry) relative to real time. */
  setClockOffset(seconds: number): Promise<void>;
  requestCounts(): Promise<RequestCounts>;
  /** Key-set (JWKS) requests per path since the last reset, e.g. `{ "/common/discovery/v2.0/keys": 2 }`. */
  keySetFetches(): Promise<Record<string, number>>;
  lastRequests(limit?: number): Promise<LoggedRequest[]>;
  resetRequests(): Promise<void>;
};

export function connectEntraEmulatorAdmin(url: string, caPem: string): EntraEmulatorAdmin {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await httpsFetch(`${url}/_emulator/${path}`, {
      method,
      ca: caPem,
      headers: { "Content-Type": "application/json" },
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
    if (response.status !== 200) throw new Error(`Entra emulator admin ${method} ${path} answered ${response.status}: ${response.body}`);
    return JSON.parse(response.body) as T;
  };
  const segment = encodeURIComponent;
  const app = (tenantId: string, clientId: string) => `tenants/${segment(tenantId)}/apps/${segment(clientId)}`;

  return {
    async setUserRoles(tenantId, clientId, oid, roles) {
      await call("PUT", `${app(tenantId, clientId)}/role-assignments/${segment(oid)}`, { roles });
    },
    updateUser: (tenantId, oid, patch) => call("PATCH", `tenants/${segment(tenantId)}/users/${segment(oid)}`, patch),
    async addUser(tenantId, user) {
      await call("POST", `tenants/${segment(tenantId)}/users`, user);
    },
    async addTenant(tenant) {
      await call("POST", "tenants", tenant);
    },
    async addApp(tenantId, newApp) {
      await call("POST", `tenants/${segment(tenantId)}/apps`, newApp);
    },
    updateApp: (tenantId, clientId, patch) => call("PATCH", app(tenantId, clientId), patch),
    async expireSecret(tenantId, clientId) {
      await call("POST", `${app(tenantId, clientId)}/expire-secrets`);
    },
    async setHostileMode(clientId, mode) {
      await call("PUT", `hostile-modes/${segment(clientId)}`, { mode });
    },
    hostileModes: async () => (await call<{ modes: Record<string, HostileMode> }>("GET", "hostile-modes")).modes,
    async setGraphMode(mode) {
      await call("PUT", "graph-mode", mode ?? { mode: null });
    },
    rotateSigningKey: () => call("POST", "signing-keys"),
    async setSigningKey(kid) {
      await call("PUT", "signing-keys/active", { kid });
    },
    signingKeys: () => call("GET", "signing-keys"),
    async setClockOffset(seconds) {
      await call("PUT", "clock", { offsetSeconds: seconds });
    },
    requestCounts: async () => (await call<{ counts: RequestCounts }>("GET", "requests?limit=0")).counts,
    keySetFetches: async () => (await call<{ keySetFetches: Record<string, number> }>("GET", "requests?limit=0")).keySetFetches,
    lastRequests: async (limit = 100) => (await call<{ requests: LoggedRequest[] }>("GET", `requests?limit=${limit}`)).requests,
    async resetRequests() {
      await call("DELETE", "requests");
    },
  };
}
