import { randomBytes } from "node:crypto";
import { desc, eq, inArray, and } from "drizzle-orm";
import type { ClientMetadata } from "oidc-provider";
import type { Database } from "@/db/client";
import { oauthClientRegistrations, oauthModels } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import { liveClientSecretHashes, MAX_LIVE_CLIENT_SECRETS, newClientSecret, type ClientSecretHasher } from "./client-secrets";
import { JWT_BEARER_GRANT } from "./id-jag-grant";
import { removeClient, saveClient } from "./stored-clients";

/**
 * Confidential clients staff register in the console: server applications (authorization code, https redirect
 * URIs) and MCP clients presenting Okta ID-JAGs (jwt-bearer). The client is the authorization server's own `Client`
 * row; its secret is shown once, at registration or rotation, and kept only as keyed hashes (client-secrets.ts).
 * Rotation adds a second live secret and drops the oldest, so a deployment can switch without downtime. Each change
 * is one transaction with its audit event.
 */
export const CONFIDENTIAL_GRANT_TYPES = [JWT_BEARER_GRANT, "authorization_code"] as const;
export const CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"] as const;
export type ConfidentialGrantType = (typeof CONFIDENTIAL_GRANT_TYPES)[number];
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

export type ConfidentialClient = {
  clientId: string;
  name: string;
  grantTypes: ConfidentialGrantType[];
  redirectUris: string[];
  authMethod: string;
  createdBy: string | null;
  createdAt: Date;
  secretRotatedAt: Date | null;
  liveSecrets: number;
};

export type ClientInputRefusal = "oauth_client_name_invalid" | "oauth_client_grant_types_invalid" | "oauth_client_redirect_uris_invalid" | "oauth_client_auth_method_invalid";
export type ClientFieldErrors = Partial<Record<"name" | "grantTypes" | "redirectUris" | "authMethod", ClientInputRefusal>>;
export type StaffActor = { staffId: string; clientIp: string | null };

export type ParsedClientInput = { name: string; grantTypes: ConfidentialGrantType[]; redirectUris: string[]; authMethod: ClientAuthMethod };

/** The registration form's values, checked field by field; nothing is written unless every field is right. */
export function parseClientInput(input: { name: unknown; grantTypes: unknown; redirectUris: unknown; authMethod: unknown }): { ok: true; value: ParsedClientInput } | { ok: false; fieldErrors: ClientFieldErrors } {
  const errors: ClientFieldErrors = {};
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (!name || name.length > 80 || /\p{Cc}/u.test(name)) errors.name = "oauth_client_name_invalid";
  const listed = Array.isArray(input.grantTypes) ? input.grantTypes : typeof input.grantTypes === "string" ? [input.grantTypes] : [];
  const grantTypes = [...new Set(listed)].filter((g): g is ConfidentialGrantType => (CONFIDENTIAL_GRANT_TYPES as readonly unknown[]).includes(g));
  if (!grantTypes.length || grantTypes.length !== listed.length) errors.grantTypes = "oauth_client_grant_types_invalid";
  let redirectUris: string[] = [];
  if (grantTypes.includes("authorization_code")) {
    const raw = typeof input.redirectUris === "string" ? input.redirectUris.split(/\s+/) : Array.isArray(input.redirectUris) ? input.redirectUris : [];
    redirectUris = [...new Set(raw.filter((u): u is string => typeof u === "string" && u.length > 0))];
    if (!redirectUris.length || redirectUris.length > 10 || !redirectUris.every(isHttpsRedirect)) errors.redirectUris = "oauth_client_redirect_uris_invalid";
  }
  const authMethod = input.authMethod;
  if (!(CLIENT_AUTH_METHODS as readonly unknown[]).includes(authMethod)) errors.authMethod = "oauth_client_auth_method_invalid";
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  return { ok: true, value: { name, grantTypes, redirectUris, authMethod: authMethod as ClientAuthMethod } };
}

function isHttpsRedirect(uri: string): boolean {
  if (uri.length > 2000 || !URL.canParse(uri)) return false;
  const url = new URL(uri);
  return url.protocol === "https:" && !url.hash && !url.username && !url.password && Boolean(url.hostname);
}

function metadataOf(clientId: string, value: ParsedClientInput, storedSecret: string): ClientMetadata {
  const code = value.grantTypes.includes("authorization_code");
  return {
    client_id: clientId,
    client_name: value.name,
    client_secret: storedSecret,
    application_type: "web",
    // A server app with the code flow also refreshes; an ID-JAG client never gets a refresh token.
    grant_types: code ? [...value.grantTypes, "refresh_token"] : [...value.grantTypes],
    response_types: code ? ["code"] : [],
    redirect_uris: value.redirectUris,
    token_endpoint_auth_method: value.authMethod,
  };
}

export type RegisteredClient = { ok: true; clientId: string; clientSecret: string; reference: string } | { ok: false; fieldErrors: ClientFieldErrors };

export async function registerConfidentialClient(
  db: Database,
  hasher: ClientSecretHasher,
  input: { name: unknown; grantTypes: unknown; redirectUris: unknown; authMethod: unknown },
  actor: StaffActor,
  clock: Clock,
): Promise<RegisteredClient> {
  const parsed = parseClientInput(input);
  if (!parsed.ok) return parsed;
  const clientId = `gh_${randomBytes(16).toString("hex")}`;
  const clientSecret = newClientSecret();
  const now = clock.now();
  const reference = await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    await saveClient(t, metadataOf(clientId, parsed.value, hasher.storedForm([hasher.hash(clientSecret)])));
    await t.insert(oauthClientRegistrations).values({ clientId, name: parsed.value.name, createdBy: actor.staffId, createdAt: now });
    return recordAuditEvent(
      t,
      { kind: "oauth.client_registered", outcome: "success", actor: { type: "staff", id: actor.staffId }, clientIp: actor.clientIp, detail: { clientId, name: parsed.value.name, grantTypes: parsed.value.grantTypes, authMethod: parsed.value.authMethod } },
      clock,
    );
  });
  return { ok: true, clientId, clientSecret, reference };
}

/** A new secret, shown once; the newest previous one stays live beside it (two at most). */
export async function rotateClientSecret(db: Database, hasher: ClientSecretHasher, clientId: string, actor: StaffActor, clock: Clock): Promise<{ ok: true; clientSecret: string; reference: string } | { ok: false; code: "oauth_client_not_found" }> {
  const clientSecret = newClientSecret();
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const metadata = await storedMetadata(t, clientId, true);
    if (!metadata) return { ok: false, code: "oauth_client_not_found" } as const;
    const previous = liveClientSecretHashes(metadata.client_secret);
    const hashes = [hasher.hash(clientSecret), ...previous].slice(0, MAX_LIVE_CLIENT_SECRETS);
    await saveClient(t, { ...metadata, client_secret: hasher.storedForm(hashes) });
    await t.update(oauthClientRegistrations).set({ secretRotatedAt: clock.now() }).where(eq(oauthClientRegistrations.clientId, clientId));
    const reference = await recordAuditEvent(t, { kind: "oauth.client_secret_rotated", outcome: "success", actor: { type: "staff", id: actor.staffId }, clientIp: actor.clientIp, detail: { clientId } }, clock);
    return { ok: true, clientSecret, reference } as const;
  });
}

export async function deleteConfidentialClient(db: Database, clientId: string, actor: StaffActor, clock: Clock): Promise<{ ok: true; reference: string } | { ok: false; code: "oauth_client_not_found" }> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const removed = await t.delete(oauthClientRegistrations).where(eq(oauthClientRegistrations.clientId, clientId)).returning({ name: oauthClientRegistrations.name });
    if (!removed.length) return { ok: false, code: "oauth_client_not_found" } as const;
    await removeClient(t, clientId);
    const reference = await recordAuditEvent(t, { kind: "oauth.client_deleted", outcome: "success", actor: { type: "staff", id: actor.staffId }, clientIp: actor.clientIp, detail: { clientId, name: removed[0]!.name } }, clock);
    return { ok: true, reference } as const;
  });
}

/** The registered clients, newest first, with what the console shows (never a secret or its hash). */
export async function listConfidentialClients(db: Database): Promise<ConfidentialClient[]> {
  const rows = await db.select().from(oauthClientRegistrations).orderBy(desc(oauthClientRegistrations.createdAt)).limit(500);
  if (!rows.length) return [];
  const stored = await db.select({ id: oauthModels.id, payload: oauthModels.payload }).from(oauthModels).where(and(eq(oauthModels.model, "Client"), inArray(oauthModels.id, rows.map((r) => r.clientId))));
  const byId = new Map(stored.map((s) => [s.id, s.payload as ClientMetadata]));
  return rows.flatMap((row) => {
    const metadata = byId.get(row.clientId);
    if (!metadata) return [];
    return [
      {
        clientId: row.clientId,
        name: row.name,
        grantTypes: ((metadata.grant_types as string[] | undefined) ?? []).filter((g): g is ConfidentialGrantType => (CONFIDENTIAL_GRANT_TYPES as readonly string[]).includes(g)),
        redirectUris: metadata.redirect_uris ?? [],
        authMethod: String(metadata.token_endpoint_auth_method),
        createdBy: row.createdBy,
        createdAt: row.createdAt,
        secretRotatedAt: row.secretRotatedAt,
        liveSecrets: liveClientSecretHashes(metadata.client_secret).length,
      },
    ];
  });
}

async function storedMetadata(db: Database, clientId: string, forUpdate: boolean): Promise<ClientMetadata | undefined> {
  const registered = await db.select({ clientId: oauthClientRegistrations.clientId }).from(oauthClientRegistrations).where(eq(oauthClientRegistrations.clientId, clientId));
  if (!registered.length) return undefined;
  const query = db.select({ payload: oauthModels.payload }).from(oauthModels).where(and(eq(oauthModels.model, "Client"), eq(oauthModels.id, clientId)));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row?.payload as ClientMetadata | undefined;
}
