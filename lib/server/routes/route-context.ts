import type { Database, DatabaseHandle } from "@/db/client";
import { recordAuditEvent, type AuditEvent } from "@/lib/audit/record-audit-event";
import { authPolicyOf, type AuthPolicy } from "@/lib/auth/auth-policy";
import type { Settings } from "@/lib/config/settings";
import { secretKey, type SecretKey } from "@/lib/crypto/secret-box";
import type { DatabaseWatch } from "@/lib/health/database-watch";
import { createMcpGateway } from "@/lib/mcp/create-mcp-gateway";
import type { McpGateway } from "@/lib/mcp/gateway";
import type { AuthorizationServer } from "@/lib/oauth/authorization-server";
import { idpFetch } from "@/lib/oidc/idp-fetch";
import type { SignInEngine } from "@/lib/signin/engine";
import { flowKey } from "@/lib/signin/flow-cookie";
import { createIssuerViews, type IdpFetch, type IssuerViews } from "@/lib/signin/issuer-view";
import { systemClock, type Clock } from "@/lib/time/clock";

/** Everything the routes the Node server answers itself need, built once at start (lib/server/start.ts). */
export type RouteContext = {
  settings: Settings;
  db: Database;
  clock: Clock;
  policy: AuthPolicy;
  /** Keys that open tenants' stored client secrets. */
  secretKeys: SecretKey[];
  /** The tenant users' sign-ins (flow cookies sealed with AUTH_SECRET) and the console's (MGMT_AUTH_SECRET). */
  tenantSignIn: SignInEngine;
  staffSignIn: SignInEngine;
  database?: DatabaseWatch;
  /** The MCP gateway (`/mcp`, `/t/<key>/mcp`); tests of other routes may leave it out. */
  mcp?: McpGateway;
  /** Gatehouse's OAuth authorization server (lib/oauth/), built once at start; its paths are handed to it. */
  authorizationServer?: AuthorizationServer;
};

/** Records a refusal and returns the reference the person can quote. */
export function auditRefusal(context: RouteContext, event: Omit<AuditEvent, "outcome">): Promise<string> {
  return recordAuditEvent(context.db, { ...event, outcome: "failure" }, context.clock);
}

/** The composition root of the Node-served routes: settings, database and clock in; engines built once. */
export function createRouteContext(
  settings: Settings,
  db: Database,
  database?: DatabaseWatch,
  clock: Clock = systemClock,
  /** How identity providers are reached: the process's cached IdP fetch, unless a test trusts its emulator's CA. */
  idp: { fetch?: IdpFetch; views?: IssuerViews } = {},
  /** The database's announcements of credential changes, which let the MCP gateway keep verified principals. */
  credentialChanges?: Pick<DatabaseHandle, "listen">,
): RouteContext {
  const fetch = idp.fetch ?? idpFetch();
  const views = idp.views ?? createIssuerViews({ fetch });
  return {
    settings,
    db,
    clock,
    policy: authPolicyOf(settings),
    secretKeys: [secretKey(settings.secretEncryptionKey)],
    tenantSignIn: { db, views, fetch, clock, key: flowKey(settings.authSecret) },
    staffSignIn: { db, views, fetch, clock, key: flowKey(settings.mgmtAuthSecret) },
    database,
    mcp: createMcpGateway(settings, db, views, fetch, clock, credentialChanges),
  };
}
