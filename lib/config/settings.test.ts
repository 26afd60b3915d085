import { describe, expect, it } from "vitest";
import { mailSettingsProblems, parseSettings, SettingsError, type Environment, type GeneratedSecrets } from "./settings";

const generated: GeneratedSecrets = {
  AUTH_SECRET: "a".repeat(43),
  MGMT_AUTH_SECRET: "b".repeat(43),
  SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64url"),
};
const productionSecrets = {
  NODE_ENV: "production",
  AUTH_SECRET: "p".repeat(40),
  MGMT_AUTH_SECRET: "q".repeat(40),
  SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
};

function problemsOf(env: Environment, secrets?: GeneratedSecrets): string[] {
  try {
    parseSettings(env, secrets);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseSettings", () => {
  it("gives the contract's defaults when nothing is set outside production", () => {
    const s = parseSettings({}, generated);
    expect(s).toMatchObject({
      databaseUrl: undefined,
      dataDir: ".data",
      apiPublicUrl: "http://localhost:3000",
      appBaseUrl: "http://localhost:3000",
      mgmtPublicUrl: "http://localhost:3000",
      msAuthorityHost: "https://login.microsoftonline.com",
      msGraphHost: "https://graph.microsoft.com",
      msAllowPersonalAccounts: false,
      platformMicrosoft: undefined,
      mgmtMicrosoft: undefined,
      authPolicy: "standard",
      allowedEmailDomains: [],
      httpReadBufferBytes: 65536,
      httpWriteBufferBytes: 65536,
      databaseTimeouts: { statementMs: 1000, connectMs: 1500 },
      shutdownGraceMs: 10_000,
      dnsResolver: undefined,
      oauthAllowLoopbackClientMetadata: false,
      port: 3000,
      host: "0.0.0.0",
      secureCookies: false,
      mgmtSecureCookies: false,
    });
    expect(s.authSecret).toBe(generated.AUTH_SECRET);
    expect(s.secretEncryptionKey).toHaveLength(32);
  });

  it("prefers a secret from the environment over a generated one", () => {
    expect(parseSettings({ AUTH_SECRET: "z".repeat(32) }, generated).authSecret).toBe("z".repeat(32));
  });

  it("derives APP_BASE_URL and MGMT_PUBLIC_URL from API_PUBLIC_URL and uses secure cookies over https", () => {
    const s = parseSettings({ API_PUBLIC_URL: "https://id.example.com" }, generated);
    expect(s.appBaseUrl).toBe("https://id.example.com");
    expect(s.mgmtPublicUrl).toBe("https://id.example.com");
    expect(s.secureCookies).toBe(true);
    expect(s.mgmtSecureCookies).toBe(true);
  });

  it("decides the console's cookie security by the console's own public URL", () => {
    const s = parseSettings({ API_PUBLIC_URL: "http://localhost:3000", MGMT_PUBLIC_URL: "https://manage.example.com" }, generated);
    expect(s.secureCookies).toBe(false);
    expect(s.mgmtSecureCookies).toBe(true);
  });

  it("names every problem in one error instead of stopping at the first", () => {
    const problems = problemsOf(
      {
        API_PUBLIC_URL: "not a url",
        PORT: "eighty",
        AUTH_POLICY: "lenient",
        HTTP_READ_BUFFER_BYTES: "-5",
        MS_CLIENT_ID: "not-a-guid",
        DATABASE_URL: "mysql://localhost/db",
      },
      generated,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^API_PUBLIC_URL must be an absolute URL/),
        expect.stringMatching(/^PORT must be a port number/),
        expect.stringMatching(/^AUTH_POLICY must be "standard" or "restricted"/),
        expect.stringMatching(/^HTTP_READ_BUFFER_BYTES must be a whole number/),
        expect.stringMatching(/^MS_CLIENT_ID must be a GUID/),
        expect.stringMatching(/^DATABASE_URL must be a postgres/),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it("renders the problems as one message an operator can act on", () => {
    expect(() => parseSettings({ PORT: "x", AUTH_POLICY: "y" }, generated)).toThrowError(
      'Gatehouse cannot start; fix these settings:\n  - AUTH_POLICY must be "standard" or "restricted"\n  - PORT must be a port number',
    );
  });

  it("requires every secret in production instead of generating one", () => {
    expect(problemsOf({ NODE_ENV: "production" }, generated)).toEqual([
      "AUTH_SECRET is required in production",
      "MGMT_AUTH_SECRET is required in production",
      "SECRET_ENCRYPTION_KEY is required in production",
    ]);
  });

  it("refuses request and write buffers below 16384 bytes in production, with the contract's words", () => {
    expect(problemsOf({ ...productionSecrets, HTTP_READ_BUFFER_BYTES: "8192", HTTP_WRITE_BUFFER_BYTES: "4096" })).toEqual([
      "HTTP_READ_BUFFER_BYTES is 8192: Do not reduce these values below ~16384 in production",
      "HTTP_WRITE_BUFFER_BYTES is 4096: Do not reduce these values below ~16384 in production",
    ]);
    expect(problemsOf({ ...productionSecrets, HTTP_READ_BUFFER_BYTES: "16384" })).toEqual([]);
    expect(problemsOf({ HTTP_READ_BUFFER_BYTES: "8192" }, generated)).toEqual([]);
  });

  it("requires https authority hosts in production", () => {
    expect(problemsOf({ ...productionSecrets, MS_AUTHORITY_HOST: "http://localhost:8443" })).toEqual([
      "MS_AUTHORITY_HOST must use https in production",
    ]);
  });

  it("refuses loopback client metadata fetches in production and allows them elsewhere", () => {
    expect(problemsOf({ ...productionSecrets, OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA: "true" })).toEqual([
      "OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA must not be true in production (client metadata is never fetched from private addresses there)",
    ]);
    expect(parseSettings({ OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA: "true" }, generated).oauthAllowLoopbackClientMetadata).toBe(true);
  });

  it("refuses the restricted policy without allowed domains", () => {
    expect(problemsOf({ AUTH_POLICY: "restricted" }, generated)).toEqual([
      "AUTH_ALLOWED_EMAIL_DOMAINS is required when AUTH_POLICY=restricted (comma-separated domains)",
    ]);
    const s = parseSettings({ AUTH_POLICY: "restricted", AUTH_ALLOWED_EMAIL_DOMAINS: " Contoso.com, fabrikam.com " }, generated);
    expect(s.allowedEmailDomains).toEqual(["contoso.com", "fabrikam.com"]);
  });

  it("requires paired settings to come together", () => {
    expect(problemsOf({ MS_CLIENT_ID: "11111111-2222-3333-4444-555555555555" }, generated)).toEqual([
      "MS_CLIENT_ID and MS_CLIENT_SECRET must be set together (or both left unset)",
    ]);
    expect(problemsOf({ MGMT_MS_TENANT_ID: "11111111-2222-3333-4444-555555555555" }, generated)).toEqual([
      "MGMT_MS_CLIENT_ID, MGMT_MS_CLIENT_SECRET and MGMT_MS_TENANT_ID must be set together (or all left unset)",
    ]);
  });

  it("refuses a console secret equal to the tenant secret", () => {
    expect(problemsOf({ AUTH_SECRET: "s".repeat(32), MGMT_AUTH_SECRET: "s".repeat(32) }, generated)).toEqual([
      "MGMT_AUTH_SECRET must differ from AUTH_SECRET",
    ]);
  });

  it("refuses public URLs with a path, and short or malformed secrets", () => {
    expect(problemsOf({ API_PUBLIC_URL: "https://id.example.com/app", AUTH_SECRET: "short", SECRET_ENCRYPTION_KEY: "abc" }, generated)).toEqual([
      "API_PUBLIC_URL must be an origin without a path, query or fragment",
      "AUTH_SECRET must be at least 32 characters (generate one with: openssl rand -base64 32)",
      "SECRET_ENCRYPTION_KEY must be 32 random bytes, base64 or base64url encoded (openssl rand -base64 32)",
    ]);
  });

  it("treats empty values as unset", () => {
    expect(parseSettings({ DATABASE_URL: "", PORT: " " }, generated)).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  it("reads the database timeouts and the shutdown grace period in milliseconds", () => {
    const s = parseSettings({ DATABASE_STATEMENT_TIMEOUT_MS: "2500", DATABASE_CONNECT_TIMEOUT_MS: "800", SHUTDOWN_GRACE_MS: "0" }, generated);
    expect(s.databaseTimeouts).toEqual({ statementMs: 2500, connectMs: 800 });
    expect(s.shutdownGraceMs).toBe(0);
  });

  it("refuses database timeouts that are not a sane number of milliseconds", () => {
    expect(problemsOf({ DATABASE_STATEMENT_TIMEOUT_MS: "2s", DATABASE_CONNECT_TIMEOUT_MS: "0", SHUTDOWN_GRACE_MS: "-1" }, generated)).toEqual([
      "DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds",
      "DATABASE_CONNECT_TIMEOUT_MS must be between 100 and 60000",
      "SHUTDOWN_GRACE_MS must be a whole number of milliseconds",
    ]);
  });

  it("keeps idle connections 65 s unless HTTP_KEEP_ALIVE_TIMEOUT_MS says otherwise, within one second and an hour", () => {
    expect(parseSettings({}, generated).httpKeepAliveTimeoutMs).toBe(65_000);
    expect(parseSettings({ HTTP_KEEP_ALIVE_TIMEOUT_MS: "630000" }, generated).httpKeepAliveTimeoutMs).toBe(630_000);
    expect(problemsOf({ HTTP_KEEP_ALIVE_TIMEOUT_MS: "500" }, generated)).toEqual(["HTTP_KEEP_ALIVE_TIMEOUT_MS must be between 1000 and 3600000"]);
  });

  it("reads DNS_RESOLVER as an IP address and port, and refuses anything else", () => {
    expect(parseSettings({ DNS_RESOLVER: "127.0.0.1:5353" }, generated).dnsResolver).toBe("127.0.0.1:5353");
    expect(parseSettings({ DNS_RESOLVER: "[::1]:53" }, generated).dnsResolver).toBe("[::1]:53");
    for (const bad of ["dns.example:53", "127.0.0.1", "127.0.0.1:99999"]) expect(problemsOf({ DNS_RESOLVER: bad }, generated)).toHaveLength(1);
  });

  it("sends mail through SMTP_URL from MAIL_FROM, and defaults the sender to the public host", () => {
    expect(parseSettings({}, generated).mail).toEqual({ smtpUrl: undefined, from: "Gatehouse <no-reply@localhost>" });
    const s = parseSettings({ SMTP_URL: "smtps://mailer:pw@mail.example.com:465", MAIL_FROM: "Contoso ID <id@contoso.example>" }, generated);
    expect(s.mail).toEqual({ smtpUrl: "smtps://mailer:pw@mail.example.com:465", from: "Contoso ID <id@contoso.example>" });
  });

  it("refuses an SMTP_URL that is not smtp:// or smtps://, and a MAIL_FROM that is not an address", () => {
    expect(problemsOf({ SMTP_URL: "http://mail.example.com", MAIL_FROM: "nobody" }, generated)).toEqual([
      "SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587",
      'MAIL_FROM must be an address such as no-reply@example.com or "Gatehouse <no-reply@example.com>"',
    ]);
  });

  it("requires SMTP_URL to start in production, and lets mail fall back to the log outside it", () => {
    expect(mailSettingsProblems(parseSettings(productionSecrets))).toEqual([
      "SMTP_URL is required in production: Gatehouse sends password-reset and invitation mail",
    ]);
    expect(mailSettingsProblems(parseSettings({ ...productionSecrets, SMTP_URL: "smtp://mail.example.com:587" }))).toEqual([]);
    expect(mailSettingsProblems(parseSettings({}, generated))).toEqual([]);
  });

  it("leaves the MCP upstream unset by default and keeps its path when set", () => {
    expect(parseSettings({}, generated).mcpUpstreamUrl).toBeUndefined();
    expect(parseSettings({ MCP_UPSTREAM_URL: "http://mcp.internal:8080/mcp" }, generated).mcpUpstreamUrl).toBe("http://mcp.internal:8080/mcp");
  });

  it("refuses an MCP upstream that is not an http(s) URL or carries credentials", () => {
    expect(problemsOf({ MCP_UPSTREAM_URL: "mcp.internal" }, generated)).toEqual(["MCP_UPSTREAM_URL must be an absolute URL such as http://mcp.internal:8080/mcp"]);
    expect(problemsOf({ MCP_UPSTREAM_URL: "ftp://mcp.internal/mcp" }, generated)).toEqual(["MCP_UPSTREAM_URL must use http or https"]);
    expect(problemsOf({ MCP_UPSTREAM_URL: "https://user:pw@mcp.internal/mcp" }, generated)).toEqual(["MCP_UPSTREAM_URL must not carry credentials or a fragment"]);
  });
});
