/**
 * What an Okta org holds for Cross App Access, reduced to what the emulator needs: people (ids `00u…`), requesting
 * apps (ids `0oa…`) with their secret, and the connections an Okta admin saves between a requesting app and a
 * resource app ("Manage Connections"): which resource authorization server (`audience`), which resource, which
 * scopes, for which assigned people, and the requesting app's client id at that resource authorization server.
 */
export type OktaUser = { id: string; email: string; name: string; password: string };
export type OktaClient = { clientId: string; clientSecret: string; name: string };
export type OktaConnection = {
  clientId: string;
  /** The resource authorization server's issuer: the ID-JAG's `aud`. */
  audience: string;
  /** The resource (RFC 8707) the connection is for. */
  resource: string;
  /** Scopes the connection's policy permits. */
  scopes: string[];
  /** The requesting app's client id AT the resource authorization server: the ID-JAG's `client_id`. */
  resourceClientId: string;
  /** User ids assigned to both apps; people not listed receive no ID-JAG. */
  assigned: string[];
};
export type OktaSeed = { users: OktaUser[]; clients: OktaClient[] };

/**
 * The people and the one requesting app tests and the demo use (two people on `domain`, one on a public mail
 * domain). Passwords exist only in this emulator.
 */
export function oktaTestSeed(domain = "contoso.com"): OktaSeed {
  return {
    users: [
      { id: "00u1dana0contoso7", email: `dana@${domain}`, name: "Dana Okta", password: "okta-dana-password" },
      { id: "00u2eli00contoso7", email: `eli@${domain}`, name: "Eli Okta", password: "okta-eli-password" },
      { id: "00u3gmail0outside", email: "someone@gmail.com", name: "Outside Okta", password: "okta-outside-password" },
    ],
    clients: [{ clientId: "0oa1mcpclient00okta7", clientSecret: "okta-requesting-app-secret-0123456789", name: "MCP Client" }],
  };
}
