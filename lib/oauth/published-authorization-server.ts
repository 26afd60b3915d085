import type { AuthorizationServer } from "./authorization-server";

/**
 * The process's authorization server, built once by the Node server at start (lib/server/start.ts) and found here
 * by the Next.js pages (the consent page), which run in the same process but another module graph.
 */
const shared = globalThis as typeof globalThis & { __gatehouseAuthorizationServer?: AuthorizationServer };

export function publishAuthorizationServer(server: AuthorizationServer | undefined): void {
  shared.__gatehouseAuthorizationServer = server;
}

export function publishedAuthorizationServer(): AuthorizationServer | undefined {
  return shared.__gatehouseAuthorizationServer;
}
