import { prepareSeed, type EntraApp, type EntraSeed, type EntraTenant, type EntraUser, type SeedAdjustments } from "./seed";
import { PERSONAL_ACCOUNTS_TENANT_ID } from "./well-known-ids";

/** An app registration together with the tenant it is registered in (its home tenant). */
export type RegisteredApp = { home: EntraTenant; app: EntraApp };

/** A user together with the directory they belong to: `(tenant.id, user.oid)` is the identity. */
export type DirectoryUser = { tenant: EntraTenant; user: EntraUser };

/** Thrown by admin edits that name something the directory does not hold. */
export class DirectoryLookupError extends Error {
  override readonly name = "DirectoryLookupError";

  constructor(
    message: string,
    readonly reason: "missing" | "conflict",
  ) {
    super(message);
  }
}

/**
 * Every tenant, user and app registration the emulator knows, and the edits tests make to them while it runs.
 * Tenant ids are compared in lower case, as Entra does; everything else is exact.
 */
export class Directory {
  private readonly tenants: EntraTenant[];

  constructor(seed: EntraSeed, adjustments: SeedAdjustments = {}) {
    this.tenants = prepareSeed(seed, adjustments).tenants;
  }

  allTenants(): readonly EntraTenant[] {
    return this.tenants;
  }

  tenant(id: string): EntraTenant | undefined {
    const wanted = id.toLowerCase();
    return this.tenants.find((t) => t.id === wanted);
  }

  tenantByDomain(domain: string): EntraTenant | undefined {
    const wanted = domain.toLowerCase();
    return this.tenants.find((t) => t.domains.some((d) => d.toLowerCase() === wanted));
  }

  user(tenantId: string, oid: string): DirectoryUser | undefined {
    const tenant = this.tenant(tenantId);
    const user = tenant?.users.find((u) => u.oid === oid);
    return tenant && user ? { tenant, user } : undefined;
  }

  /** The registration of `clientId`, wherever it lives (a client id is unique across Entra). */
  registration(clientId: string): RegisteredApp | undefined {
    for (const home of this.tenants) {
      const app = home.apps.find((a) => a.clientId === clientId);
      if (app) return { home, app };
    }
    return undefined;
  }

  /** Whether users of `tenantId` may use the app: its home tenant always, every tenant when it is multi-tenant. */
  static usableIn(registration: RegisteredApp, tenantId: string): boolean {
    return registration.home.id === tenantId || registration.app.multiTenant === true;
  }

  static isPersonal(tenant: EntraTenant): boolean {
    return tenant.id === PERSONAL_ACCOUNTS_TENANT_ID;
  }

  // ---- edits made through the admin API ----

  addTenant(tenant: EntraTenant): void {
    if (this.tenant(tenant.id)) throw new DirectoryLookupError(`Tenant ${tenant.id} already exists`, "conflict");
    this.tenants.push(prepareSeed({ tenants: [tenant] }).tenants[0]!);
  }

  addUser(tenantId: string, user: EntraUser): void {
    const tenant = this.requireTenant(tenantId);
    if (tenant.users.some((u) => u.oid === user.oid)) throw new DirectoryLookupError(`User ${user.oid} already exists in ${tenantId}`, "conflict");
    tenant.users.push(structuredClone(user));
  }

  updateUser(tenantId: string, oid: string, patch: Partial<Omit<EntraUser, "oid">>): EntraUser {
    const found = this.user(tenantId, oid);
    if (!found) throw new DirectoryLookupError(`No user ${oid} in tenant ${tenantId}`, "missing");
    Object.assign(found.user, structuredClone(patch));
    return found.user;
  }

  addApp(tenantId: string, app: EntraApp): void {
    const tenant = this.requireTenant(tenantId);
    if (this.registration(app.clientId)) throw new DirectoryLookupError(`App ${app.clientId} already exists`, "conflict");
    tenant.apps.push(structuredClone(app));
  }

  updateApp(tenantId: string, clientId: string, patch: Partial<Omit<EntraApp, "clientId">>): EntraApp {
    const app = this.requireApp(tenantId, clientId);
    Object.assign(app, structuredClone(patch));
    return app;
  }

  /** An empty list removes the assignment: the user then has no role and, where assignment is required, no access. */
  setUserRoles(tenantId: string, clientId: string, oid: string, roles: string[]): void {
    const app = this.requireApp(tenantId, clientId);
    const assignments = { ...(app.roleAssignments ?? {}) };
    if (roles.length > 0) assignments[oid] = [...roles];
    else delete assignments[oid];
    app.roleAssignments = assignments;
  }

  expireSecrets(tenantId: string, clientId: string, at: Date): void {
    const app = this.requireApp(tenantId, clientId);
    app.secrets = app.secrets.map((s) => ({ ...s, expiresAt: at.toISOString() }));
  }

  private requireTenant(tenantId: string): EntraTenant {
    const tenant = this.tenant(tenantId);
    if (!tenant) throw new DirectoryLookupError(`No tenant ${tenantId}`, "missing");
    return tenant;
  }

  private requireApp(tenantId: string, clientId: string): EntraApp {
    const app = this.requireTenant(tenantId).apps.find((a) => a.clientId === clientId);
    if (!app) throw new DirectoryLookupError(`No app ${clientId} registered in tenant ${tenantId}`, "missing");
    return app;
  }
}
