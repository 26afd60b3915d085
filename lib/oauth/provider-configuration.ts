import { hkdfSync } from "node:crypto";
import { errors, interactionPolicy, type Client, type KoaContext } from "oidc-provider";
import type { Database } from "@/db/client";
import { messageFor } from "@/lib/errors/user-messages";
import { MACHINE_PRINCIPAL_CLAIM, machineLookupPerRequest, recordMachineTokenIssued } from "@/lib/machines/machine-token-issuance";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import type { Clock } from "@/lib/time/clock";
import { clientMetadataFetch, type MetadataFetch } from "./client-metadata-fetch";
import { tokenClaimsOfGrant } from "./consents";
import { drizzleAdapterFor } from "./drizzle-adapter";
import { registrationRefusal } from "./native-client-policy";
import { plainPage } from "./plain-page";
import { MCP_SCOPE, OAUTH_ROUTES, interactionPath, mcpResourceOf } from "./paths";
import { SIGNING_ALG, type SigningKey } from "./signing-keys";

/** Lifetimes, in seconds. Access tokens are short because resource servers verify them offline (no revocation check). */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const DAY = 24 * 60 * 60;

export type ProviderDependencies = {
  apiPublicUrl: string;
  authSecret: string;
  allowLoopbackClientMetadata: boolean;
  db: Database;
  clock: Clock;
  /** The outgoing fetch (Client ID Metadata Documents); tests hand one that trusts their CA. */
  fetch?: MetadataFetch;
};

/**
 * oidc-provider's configuration for Gatehouse: the issuer is API_PUBLIC_URL; authorization code + PKCE (S256) only;
 * every access token is an ES256 JWT (RFC 9068) for a resource (RFC 8707, `/mcp` by default); refresh tokens are
 * opaque and rotated on every use; the person signs in and consents through Gatehouse's own pages. Machine accounts
 * (lib/machines/) use the client-credentials grant: their token carries their workspace, their scopes and
 * `principal: "machine"`, and no refresh token.
 */
export function providerConfiguration(dependencies: ProviderDependencies, keys: SigningKey[]): Record<string, unknown> {
  const { apiPublicUrl, db, clock } = dependencies;
  const mcpResource = mcpResourceOf(apiPublicUrl);
  const machineOf = machineLookupPerRequest(db);
  const isClientCredentials = (ctx: KoaContext | undefined) => ctx?.oidc?.route === "token" && ctx.oidc.params?.grant_type === "client_credentials";

  // Every authorization passes through Gatehouse's interaction route, which reads Gatehouse's own session: the
  // library's session cookie alone must never decide who is signed in (someone may have signed out and another
  // person in since). Resuming after that route answered is the only way past this check.
  const policy = interactionPolicy.base();
  policy
    .find((prompt) => prompt.name === "login")!
    .checks.add(
      new interactionPolicy.Check("gatehouse_session", "Gatehouse confirms who is signed in", (ctx: KoaContext) =>
        ctx.oidc.result?.login ? false : true,
      ),
      0,
    );

  return {
    adapter: drizzleAdapterFor(db, clock),
    jwks: { keys: keys.map((k) => k.privateJwk) },
    routes: OAUTH_ROUTES,
    cookies: {
      keys: [Buffer.from(hkdfSync("sha256", dependencies.authSecret, "", "gatehouse oauth cookies", 32)).toString("base64url")],
      names: { session: "gatehouse-oauth.session", interaction: "gatehouse-oauth.interaction", resume: "gatehouse-oauth.resume" },
    },
    // OpenID scopes only: `mcp` is the resource server's scope (getResourceServerInfo below).
    scopes: ["openid", "offline_access"],
    claims: { openid: ["sub"] },
    async findAccount(_ctx: unknown, accountId: string) {
      return { accountId, claims: async () => ({ sub: accountId }) };
    },
    pkce: { required: () => true },
    clientDefaults: {
      // MCP clients are applications on the person's machine (RFC 8252): loopback and private-use-scheme redirects.
      application_type: "native",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      id_token_signed_response_alg: SIGNING_ALG,
    },
    enabledJWA: { idTokenSigningAlgValues: [SIGNING_ALG] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      introspection: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: false },
      clientIdMetadataDocument: {
        enabled: true,
        ack: "draft-02",
        allowFetch: async () => true,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => mcpResource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx: KoaContext, resourceIndicator: string, client: Client) => {
          if (resourceIndicator !== mcpResource) throw new errors.InvalidTarget();
          let scope = MCP_SCOPE;
          if (isClientCredentials(ctx)) {
            // Only a machine account may use this grant, and its token carries the machine's scopes: all of them
            // when it names none, and a request for any other is refused rather than quietly narrowed.
            const machine = await machineOf(ctx, client.clientId);
            if (!machine) throw new errors.UnauthorizedClient(messageFor("oauth_client_credentials_machines_only"));
            const params = ctx.oidc.params as { scope?: string };
            if (params.scope === undefined) params.scope = machine.scopes.join(" ");
            else if (params.scope.split(" ").some((s) => !machine.scopes.includes(s))) throw new errors.InvalidScope(messageFor("oauth_machine_scope_not_granted"), params.scope);
            scope = machine.scopes.join(" ");
          }
          return {
            scope,
            audience: mcpResource,
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    fetch: clientMetadataFetch({ allowLoopback: dependencies.allowLoopbackClientMetadata, fetch: dependencies.fetch }),
    extraClientMetadata: {
      properties: ["software_id"],
      validator(ctx: KoaContext | undefined, property: string, _value: unknown, metadata: Record<string, unknown>) {
        if (property !== "software_id") return;
        // A client's registered `scope` may name the resource's scopes (`mcp`), which oidc-provider only accepts
        // in authorization requests; consent decides what a client gets, so the registered list keeps the OpenID ones.
        if (typeof metadata.scope === "string") {
          const openid = metadata.scope.split(" ").filter((s) => s === "openid" || s === "offline_access");
          if (openid.length) metadata.scope = openid.join(" ");
          else delete metadata.scope;
        }
        if (ctx?.oidc?.route !== "registration") return;
        const refusal = registrationRefusal(metadata);
        // oidc-provider answers a description that starts with "redirect_uris" as 400 invalid_redirect_uri.
        if (refusal === "oauth_redirect_not_native") throw new errors.InvalidClientMetadata(`redirect_uris: ${messageFor(refusal)}`);
        if (refusal) throw new errors.InvalidClientMetadata(messageFor(refusal));
      },
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      ClientCredentials: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 30 * 60,
      Session: 14 * DAY,
      Grant: 90 * DAY,
      RefreshToken: 30 * DAY,
    },
    rotateRefreshToken: true,
    // A refresh token for every client allowed the grant, whether or not it asked for offline_access: MCP clients
    // rarely do, and they are the reason this server exists.
    issueRefreshToken: async (_ctx: unknown, client: Client & { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed("refresh_token"),
    expiresWithSession: async () => false,
    async extraTokenClaims(ctx: KoaContext, token: { kind: string; grantId?: string; clientId?: string; scope?: string }) {
      if (token.kind === "ClientCredentials" && token.clientId) {
        const machine = await machineOf(ctx, token.clientId);
        if (!machine) throw new errors.InvalidClient(messageFor("oauth_client_credentials_machines_only"));
        const clientIp = ctx.req.headers[CLIENT_IP_HEADER];
        await recordMachineTokenIssued(db, machine, { scopes: token.scope?.split(" ") ?? [], clientIp: typeof clientIp === "string" ? clientIp : null }, clock);
        return { workspace: machine.tenantId, ...MACHINE_PRINCIPAL_CLAIM };
      }
      if (token.kind !== "AccessToken" || !token.grantId) return undefined;
      return tokenClaimsOfGrant(db, token.grantId);
    },
    async loadExistingGrant(ctx: KoaContext) {
      const grantId = (ctx.oidc.result?.consent as { grantId?: string } | undefined)?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => interactionPath(interaction.uid), policy },
    // Public clients (PKCE, no secret) may call the token endpoint from a browser on another origin.
    clientBasedCORS: (_ctx: unknown, _origin: string, client: Client) => client.tokenEndpointAuthMethod === "none",
    async renderError(ctx: KoaContext & { type: string }, out: { error?: string }) {
      ctx.type = "html";
      ctx.body = plainPage(messageFor("oauth_request_invalid"), out.error ?? "invalid_request");
    },
  };
}
