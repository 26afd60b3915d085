/**
 * The part of oidc-provider's surface Gatehouse uses (lib/oauth/, and the test issuer in e2e/oidc-test-issuer/). The
 * library ships JavaScript without type declarations; these describe only what is called, so a wrong call is a type error here rather than a surprise at run time.
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export type AdapterPayload = {
    [key: string]: unknown;
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: unknown;
  };

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type ClientMetadata = { client_id: string; client_name?: string; redirect_uris?: string[]; [key: string]: unknown };

  export interface Client {
    clientId: string;
    clientName?: string;
    redirectUris: string[];
    applicationType?: string;
    tokenEndpointAuthMethod?: string;
    /** The token endpoint authentication method ("none" for a public client). */
    clientAuthMethod: string;
    metadata(): ClientMetadata;
  }

  export interface Grant {
    jti: string;
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    getOIDCScope(): string;
    getResourceScope(resource: string): string;
    save(ttl?: number): Promise<string>;
    destroy(): Promise<void>;
  }

  export interface Interaction {
    uid: string;
    jti: string;
    exp: number;
    returnTo: string;
    params: Record<string, unknown>;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    session?: { accountId?: string; uid?: string };
    grantId?: string;
    result?: Record<string, unknown>;
    save(ttl: number): Promise<string>;
  }

  export type KoaContext = {
    oidc: {
      client?: Client;
      params?: Record<string, unknown>;
      route?: string;
      entities: Record<string, unknown>;
      session?: { accountId?: string };
      result?: Record<string, unknown>;
      provider: Provider;
      entity(name: string, value: unknown): void;
    };
    method: string;
    path: string;
    request: { ip?: string };
    req: IncomingMessage;
    status: number;
    body: unknown;
    type: string;
    state: Record<string, unknown>;
    set(name: string, value: string): void;
    accepts(...types: string[]): string | false;
  };

  export const errors: {
    InvalidClientMetadata: new (description: string) => Error;
    InvalidTarget: new (description?: string) => Error;
    InvalidClient: new (description?: string) => Error;
    /** Any RFC 6749 error code, answered 400 with this description. */
    CustomOIDCProviderError: new (error: string, description: string) => Error;
    UnauthorizedClient: new (description?: string) => Error;
    InvalidScope: new (description: string, scope: string) => Error;
  };

  export interface AccessToken {
    resourceServer?: unknown;
    readonly scope?: string;
    /** Seconds until it expires. */
    readonly expiration: number;
    save(): Promise<string>;
  }

  export const interactionPolicy: {
    base(): Array<{ name: string; checks: { add(check: unknown, index?: number): void } }>;
    Check: new (reason: string, description: string, check: (ctx: KoaContext) => unknown) => unknown;
  };

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): this;
    on(event: string, listener: (...args: never[]) => void): this;
    Grant: { new (properties: { accountId: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
    Interaction: { find(id: string): Promise<Interaction | undefined> };
    AccessToken: new (properties: { accountId: string; client: Client; scope?: string }) => AccessToken;
    ResourceServer: new (identifier: string, info: Record<string, unknown>) => unknown;
    registerGrantType(name: string, handler: (ctx: KoaContext) => Promise<void>, parameters?: string[]): void;
    Client: { find(id: string): Promise<Client | undefined>; prototype: { clientSecret?: string; compareClientSecret(secret: string): Promise<boolean> | boolean } };
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
  }
}
