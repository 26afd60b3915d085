/**
 * The bearer credential of an MCP request, from the `Authorization` header only (RFC 6750 §2.1; the MCP spec
 * forbids tokens in the query string). A header that is present but not `Bearer <token68>` is malformed.
 */
export type BearerCredential = { kind: "none" } | { kind: "malformed" } | { kind: "bearer"; token: string };

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_CHARS = 16 * 1024;

export function bearerCredential(authorization: string | undefined): BearerCredential {
  if (authorization === undefined || authorization.trim() === "") return { kind: "none" };
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
  if (!match || match[1]!.length > MAX_TOKEN_CHARS || !TOKEN68.test(match[1]!)) return { kind: "malformed" };
  return { kind: "bearer", token: match[1]! };
}
