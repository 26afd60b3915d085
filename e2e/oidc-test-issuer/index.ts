import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";
import { createTlsMaterial, type TlsMaterial } from "../entra-emulator/certificates";

/**
 * A real, OpenID Certified identity provider for the generic-OIDC tests: panva's oidc-provider, on loopback over
 * HTTPS (from a CA generated at start, which the relying party under test is told to trust), with the people and
 * claims each scenario needs. The login and consent screens are replaced by an automatic interaction that signs in
 * the person the authorization request's `login_hint` names and grants what was asked, so a browser or a plain
 * HTTP client goes straight through. Only tests and the demo start it.
 */
export type TestIssuerPerson = {
  /** The `login_hint` that selects this person at the issuer (Gatehouse sends the typed e-mail). */
  loginHint: string;
  sub: string;
  /** Claims released for the `profile` and `email` scopes (roles and groups ride with `profile`). */
  claims: Record<string, unknown>;
};

export type TestIssuerOptions = {
  clients: { clientId: string; clientSecret: string; redirectUris: string[] }[];
  people: TestIssuerPerson[];
  /**
   * `userinfo`: oidc-provider's default (`conformIdTokenClaims`): when an access token is issued, scope claims such
   * as `email` are only in UserInfo, never in the ID token. `id_token`: they are in the ID token as well.
   */
  claimsIn: "userinfo" | "id_token";
  port?: number;
  /** Certificates to serve with (several issuers of one test can share a CA); generated when absent. */
  tls?: TlsMaterial;
};

export type RunningTestIssuer = { issuer: string; caPem: string; caCertPath: string; stop(): Promise<void> };

export async function startOidcTestIssuer(options: TestIssuerOptions): Promise<RunningTestIssuer> {
  const tls = options.tls ?? (await createTlsMaterial(new Date()));
  const server: Server = createServer({ key: tls.privateKeyPem, cert: tls.certificatePem });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `https://localhost:${(server.address() as AddressInfo).port}`;
  const bySub = new Map(options.people.map((p) => [p.sub, p]));
  const byHint = new Map(options.people.map((p) => [p.loginHint.toLowerCase(), p]));

  // Signing keys of this start only (the default ones are shared by every oidc-provider install).
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: "test-issuer-1", alg: "RS256", use: "sig" }] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    })),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "roles", "groups"] },
    conformIdTokenClaims: options.claimsIn === "userinfo",
    findAccount: (_ctx: unknown, sub: string) => {
      const person = bySub.get(sub);
      return person ? { accountId: sub, claims: () => ({ sub, ...person.claims }) } : undefined;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    // The keys are generated per start; cookies need some key.
    cookies: { keys: [crypto.randomUUID()] },
  });
  const handle = provider.callback();

  server.on("request", (req, res) => {
    if (!req.url?.startsWith("/interaction/")) return handle(req, res);
    void interact(provider, byHint, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  const dir = await mkdtemp(join(tmpdir(), "oidc-test-issuer-"));
  const caCertPath = join(dir, "ca.pem");
  await writeFile(caCertPath, tls.caPem);
  return {
    issuer,
    caPem: tls.caPem,
    caCertPath,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The automatic login and consent: the person named by `login_hint` signs in and grants every requested scope and claim. */
async function interact(provider: Provider, byHint: Map<string, TestIssuerPerson>, req: Parameters<Provider["interactionDetails"]>[0], res: Parameters<Provider["interactionDetails"]>[1]) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === "login") {
    const hint = typeof details.params.login_hint === "string" ? details.params.login_hint.toLowerCase() : "";
    const person = byHint.get(hint);
    if (!person) {
      res.statusCode = 400;
      res.end(`No test person for login_hint ${JSON.stringify(hint)}`);
      return;
    }
    return provider.interactionFinished(req, res, { login: { accountId: person.sub } }, { mergeWithLastSubmission: false });
  }
  const grant = details.grantId
    ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId: details.session!.accountId!, clientId: String(details.params.client_id) }))
    : new provider.Grant({ accountId: details.session!.accountId!, clientId: String(details.params.client_id) });
  const missingScope = details.prompt.details.missingOIDCScope as string[] | undefined;
  const missingClaims = details.prompt.details.missingOIDCClaims as string[] | undefined;
  if (missingScope) grant.addOIDCScope(missingScope.join(" "));
  if (missingClaims) grant.addOIDCClaims(missingClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
