import { z } from "zod";
import type { DatabaseTimeouts } from "@/db/client";

/**
 * Every setting of the product contract, parsed once. `parseSettings` is pure: it takes the environment and the
 * secrets generated for local use, and either returns typed settings or throws one SettingsError naming every problem,
 * so an operator fixes a bad deployment in one pass instead of one restart per mistake.
 */

export const MIN_PRODUCTION_BUFFER_BYTES = 16384;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Environment = Record<string, string | undefined>;

export type GeneratedSecrets = {
  AUTH_SECRET: string;
  MGMT_AUTH_SECRET: string;
  SECRET_ENCRYPTION_KEY: string;
};

export class SettingsError extends Error {
  readonly code = "settings_invalid";
  constructor(readonly problems: string[]) {
    super(`Gatehouse cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const origin = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v), "must be an absolute URL such as https://id.example.com")
  .transform((v) => new URL(v))
  .refine((u) => u.protocol === "http:" || u.protocol === "https:", "must use http or https")
  .refine((u) => u.pathname === "/" && !u.search && !u.hash, "must be an origin without a path, query or fragment")
  .transform((u) => u.origin);

const httpsCapableUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v), "must be an absolute URL")
  .transform((v) => new URL(v))
  .refine((u) => u.protocol === "http:" || u.protocol === "https:", "must use http or https")
  .transform((u) => u.origin);

/** An http(s) URL with an optional path (the upstream MCP endpoint, e.g. http://mcp.internal:8080/mcp). */
const endpointUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v), "must be an absolute URL such as http://mcp.internal:8080/mcp")
  .transform((v) => new URL(v))
  .refine((u) => u.protocol === "http:" || u.protocol === "https:", "must use http or https")
  .refine((u) => !u.username && !u.password && !u.hash, "must not carry credentials or a fragment")
  .transform((u) => u.href);

const bool = z
  .enum(["true", "false", "1", "0", ""], { message: 'must be "true" or "false"' })
  .transform((v) => v === "true" || v === "1");

const bytes = z
  .string()
  .trim()
  .regex(/^\d+$/, "must be a whole number of bytes")
  .transform(Number)
  .refine((n) => n >= 1024 && n <= 16 * 1024 * 1024, "must be between 1024 and 16777216");

/** A duration in milliseconds, within bounds that keep a deployment sane. */
const milliseconds = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number of milliseconds")
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const port = z
  .string()
  .trim()
  .regex(/^\d+$/, "must be a port number")
  .transform(Number)
  .refine((n) => n >= 0 && n <= 65535, "must be between 0 and 65535");

const secret = z.string().min(32, "must be at least 32 characters (generate one with: openssl rand -base64 32)");

const encryptionKey = z
  .string()
  .trim()
  .refine((v) => decodeKey(v)?.length === 32, "must be 32 random bytes, base64 or base64url encoded (openssl rand -base64 32)");

const guid = z.string().trim().regex(GUID, "must be a GUID such as 00000000-0000-0000-0000-000000000000");

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), "must be a postgres:// or postgresql:// URL");

/** Outgoing mail server: smtp:// (STARTTLS when offered) or smtps:// (TLS from the start), credentials in the URL. */
const smtpUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol), "must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587");

/** The sender of Gatehouse's mail: an address, optionally with a display name ("Gatehouse <no-reply@example.com>"). */
const mailFrom = z
  .string()
  .trim()
  .refine((v) => /^(?:[^<>\r\n]{0,100}<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(v), 'must be an address such as no-reply@example.com or "Gatehouse <no-reply@example.com>"');

const domainList = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine((list) => list.every((d) => /^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{2,63}$/.test(d)), "must be comma-separated domain names such as contoso.com,fabrikam.com");

/** `host:port` of a DNS server (`[::1]:53` for IPv6): the resolver that checks domains' TXT records. */
const dnsResolver = z
  .string()
  .trim()
  .refine((v) => {
    const match = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\]):(\d{1,5})$/i.exec(v);
    return Boolean(match) && Number(match![1]) >= 1 && Number(match![1]) <= 65535;
  }, "must be host:port with an IP address, such as 10.0.0.2:53 or [::1]:53");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: databaseUrl.optional(),
  DATA_DIR: z.string().trim().min(1).default(".data"),
  API_PUBLIC_URL: origin.default("http://localhost:3000"),
  APP_BASE_URL: origin.optional(),
  AUTH_SECRET: secret,
  MS_CLIENT_ID: guid.optional(),
  MS_CLIENT_SECRET: optionalText,
  MS_AUTHORITY_HOST: httpsCapableUrl.default("https://login.microsoftonline.com"),
  MS_GRAPH_HOST: httpsCapableUrl.default("https://graph.microsoft.com"),
  MS_ALLOW_PERSONAL_ACCOUNTS: bool.default(false),
  MGMT_PUBLIC_URL: origin.optional(),
  MGMT_MS_CLIENT_ID: guid.optional(),
  MGMT_MS_CLIENT_SECRET: optionalText,
  MGMT_MS_TENANT_ID: guid.optional(),
  MGMT_AUTH_SECRET: secret,
  AUTH_POLICY: z.enum(["standard", "restricted"], { message: 'must be "standard" or "restricted"' }).default("standard"),
  AUTH_ALLOWED_EMAIL_DOMAINS: domainList.default([]),
  HTTP_READ_BUFFER_BYTES: bytes.default(65536),
  HTTP_WRITE_BUFFER_BYTES: bytes.default(65536),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(1000, 3_600_000).default(65_000),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(100, 600_000).default(1000),
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds(100, 60_000).default(1500),
  SHUTDOWN_GRACE_MS: milliseconds(0, 600_000).default(10_000),
  SECRET_ENCRYPTION_KEY: encryptionKey,
  DNS_RESOLVER: dnsResolver.optional(),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: mailFrom.optional(),
  MCP_UPSTREAM_URL: endpointUrl.optional(),
  OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA: bool.default(false),
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
});

export type Settings = {
  nodeEnv: "development" | "production" | "test";
  production: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  apiPublicUrl: string;
  appBaseUrl: string;
  authSecret: string;
  platformMicrosoft: { clientId: string; clientSecret: string } | undefined;
  msAuthorityHost: string;
  msGraphHost: string;
  msAllowPersonalAccounts: boolean;
  mgmtPublicUrl: string;
  mgmtMicrosoft: { clientId: string; clientSecret: string; tenantId: string } | undefined;
  mgmtAuthSecret: string;
  authPolicy: "standard" | "restricted";
  allowedEmailDomains: string[];
  httpReadBufferBytes: number;
  httpWriteBufferBytes: number;
  /** How long an idle keep-alive connection stays open; longer than any load balancer's idle timeout in front. */
  httpKeepAliveTimeoutMs: number;
  /** How long one database wait may last (Postgres only; the embedded database never waits on a network). */
  databaseTimeouts: DatabaseTimeouts;
  /** How long a stopping server lets running requests finish before it closes their connections. */
  shutdownGraceMs: number;
  /** The DNS server that checks domains' TXT records (`host:port`); undefined: the system's resolvers. */
  dnsResolver: string | undefined;
  secretEncryptionKey: Uint8Array;
  /**
   * Outgoing mail. Without an SMTP server (outside production only) mail is written to the server log and kept
   * for the Outbox page instead of being sent.
   */
  mail: { smtpUrl: string | undefined; from: string };
  /** The product's MCP server that the gateway fronts; undefined → `/mcp` answers 503. */
  mcpUpstreamUrl: string | undefined;
  /**
   * Lets the authorization server fetch Client ID Metadata Documents from loopback and private addresses (tests
   * and local development only: production refuses it, since it would open an SSRF path into the network).
   */
  oauthAllowLoopbackClientMetadata: boolean;
  port: number;
  host: string;
  /** Cookies get `Secure` and `__Host-` names when the broker is served over https. */
  secureCookies: boolean;
  /** Secure, `__Host-` cookies for the console: decided by its own public URL. */
  mgmtSecureCookies: boolean;
};

/** Empty strings count as unset, as they do in most .env tooling. */
function present(env: Environment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== "") out[k] = v;
  return out;
}

export function parseSettings(env: Environment, generated?: GeneratedSecrets): Settings {
  const raw = present(env);
  const production = raw.NODE_ENV === "production";
  // Outside production a missing secret is filled from the ones generated into DATA_DIR; in production never.
  const input = production || !generated ? raw : { ...generated, ...raw };

  const parsed = schema.safeParse(input);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "environment");
      const missing = issue.code === "invalid_type" && input[name] === undefined;
      problems.push(missing ? `${name} is required${production ? " in production" : ""}` : `${name} ${issue.message}`);
    }
    throw new SettingsError(problems);
  }
  const s = parsed.data;

  if (Boolean(s.MS_CLIENT_ID) !== Boolean(s.MS_CLIENT_SECRET))
    problems.push("MS_CLIENT_ID and MS_CLIENT_SECRET must be set together (or both left unset)");
  const mgmt = [s.MGMT_MS_CLIENT_ID, s.MGMT_MS_CLIENT_SECRET, s.MGMT_MS_TENANT_ID];
  if (mgmt.some(Boolean) && !mgmt.every(Boolean))
    problems.push("MGMT_MS_CLIENT_ID, MGMT_MS_CLIENT_SECRET and MGMT_MS_TENANT_ID must be set together (or all left unset)");
  if (s.AUTH_SECRET === s.MGMT_AUTH_SECRET) problems.push("MGMT_AUTH_SECRET must differ from AUTH_SECRET");
  if (s.AUTH_POLICY === "restricted" && s.AUTH_ALLOWED_EMAIL_DOMAINS.length === 0)
    problems.push("AUTH_ALLOWED_EMAIL_DOMAINS is required when AUTH_POLICY=restricted (comma-separated domains)");
  if (production) {
    for (const name of ["HTTP_READ_BUFFER_BYTES", "HTTP_WRITE_BUFFER_BYTES"] as const)
      if (s[name] < MIN_PRODUCTION_BUFFER_BYTES)
        problems.push(`${name} is ${s[name]}: Do not reduce these values below ~16384 in production`);
    for (const name of ["MS_AUTHORITY_HOST", "MS_GRAPH_HOST"] as const)
      if (!s[name].startsWith("https://")) problems.push(`${name} must use https in production`);
    if (s.OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA)
      problems.push("OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA must not be true in production (client metadata is never fetched from private addresses there)");
  }
  if (problems.length) throw new SettingsError(problems);

  const apiPublicUrl = s.API_PUBLIC_URL;
  return {
    nodeEnv: s.NODE_ENV,
    production,
    databaseUrl: s.DATABASE_URL,
    dataDir: s.DATA_DIR,
    apiPublicUrl,
    appBaseUrl: s.APP_BASE_URL ?? apiPublicUrl,
    authSecret: s.AUTH_SECRET,
    platformMicrosoft: s.MS_CLIENT_ID && s.MS_CLIENT_SECRET ? { clientId: s.MS_CLIENT_ID, clientSecret: s.MS_CLIENT_SECRET } : undefined,
    msAuthorityHost: s.MS_AUTHORITY_HOST,
    msGraphHost: s.MS_GRAPH_HOST,
    msAllowPersonalAccounts: s.MS_ALLOW_PERSONAL_ACCOUNTS,
    mgmtPublicUrl: s.MGMT_PUBLIC_URL ?? apiPublicUrl,
    mgmtMicrosoft:
      s.MGMT_MS_CLIENT_ID && s.MGMT_MS_CLIENT_SECRET && s.MGMT_MS_TENANT_ID
        ? { clientId: s.MGMT_MS_CLIENT_ID, clientSecret: s.MGMT_MS_CLIENT_SECRET, tenantId: s.MGMT_MS_TENANT_ID.toLowerCase() }
        : undefined,
    mgmtAuthSecret: s.MGMT_AUTH_SECRET,
    authPolicy: s.AUTH_POLICY,
    allowedEmailDomains: s.AUTH_ALLOWED_EMAIL_DOMAINS,
    httpReadBufferBytes: s.HTTP_READ_BUFFER_BYTES,
    httpWriteBufferBytes: s.HTTP_WRITE_BUFFER_BYTES,
    httpKeepAliveTimeoutMs: s.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    databaseTimeouts: { statementMs: s.DATABASE_STATEMENT_TIMEOUT_MS, connectMs: s.DATABASE_CONNECT_TIMEOUT_MS },
    shutdownGraceMs: s.SHUTDOWN_GRACE_MS,
    dnsResolver: s.DNS_RESOLVER,
    secretEncryptionKey: decodeKey(s.SECRET_ENCRYPTION_KEY)!,
    mail: { smtpUrl: s.SMTP_URL, from: s.MAIL_FROM ?? `Gatehouse <no-reply@${new URL(apiPublicUrl).hostname}>` },
    mcpUpstreamUrl: s.MCP_UPSTREAM_URL,
    oauthAllowLoopbackClientMetadata: s.OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA,
    port: s.PORT,
    host: s.HOST,
    secureCookies: apiPublicUrl.startsWith("https://"),
    mgmtSecureCookies: (s.MGMT_PUBLIC_URL ?? apiPublicUrl).startsWith("https://"),
  };
}

/**
 * The start-up rule for mail, kept apart from parseSettings so that code which only reads settings (tests of other
 * parts, tools) need not configure mail: a server in production sends password-reset and invitation mail, so it
 * must not start without an SMTP server. Outside production, mail falls back to the log.
 */
export function mailSettingsProblems(settings: Settings): string[] {
  return settings.production && !settings.mail.smtpUrl
    ? ["SMTP_URL is required in production: Gatehouse sends password-reset and invitation mail"]
    : [];
}

function decodeKey(value: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  return new Uint8Array(Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
}
