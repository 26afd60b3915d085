import { handleAdmin } from "./admin";
import { handleGetMemberObjects } from "./graph";
import { handleAccountChosen, handleAuthorize } from "./authorize";
import { jsonResponse, METADATA_HEADERS, textResponse, type EmulatorRequest, type EmulatorResponse } from "./http";
import { handleLogout } from "./logout";
import { handleMetadata } from "./metadata-endpoints";
import type { RequestKind } from "./request-log";
import type { EmulatorState } from "./state";
import { handleTokenRequest } from "./token-endpoint";
import { handleUserinfo } from "./userinfo";

/**
 * Which handler answers which URL. Entra's URLs all start with the `{tenant}` segment; the emulator adds
 * `/_emulator/…` for its admin API and serves Graph's `/oidc/userinfo` from its own origin.
 */
export type Routed = { kind: RequestKind | "admin"; response: EmulatorResponse };

export async function route(request: EmulatorRequest, state: EmulatorState): Promise<Routed> {
  const [first = "", ...rest] = request.segments;
  const path = rest.join("/");
  const method = request.method;

  if (first === "_emulator") return { kind: "admin", response: await handleAdmin(request, state, rest) };
  if (first === "oidc" && path === "userinfo") return { kind: "userinfo", response: await handleUserinfo(request, state) };
  // Microsoft Graph (MS_GRAPH_HOST = this origin): no Entra tenant segment is "v1.0".
  if (first === "v1.0" && rest.length === 3 && rest[0] === "users" && rest[2] === "getMemberObjects")
    return { kind: "graph", response: await handleGetMemberObjects(request, state, rest[1]!) };

  switch (path) {
    case "v2.0/.well-known/openid-configuration":
      return { kind: "discovery", response: metadata(request, state, first, "discovery", 2) };
    case ".well-known/openid-configuration":
      return { kind: "discovery", response: metadata(request, state, first, "discovery", 1) };
    case "discovery/v2.0/keys":
      return { kind: "keys", response: metadata(request, state, first, "keys", 2) };
    case "discovery/keys":
      return { kind: "keys", response: metadata(request, state, first, "keys", 1) };
    case "oauth2/v2.0/authorize":
      return { kind: "authorize", response: only(method, ["GET", "POST"]) ?? handleAuthorize(request, state, first) };
    case "login":
      return { kind: "login", response: only(method, ["POST"]) ?? handleAccountChosen(request, state) };
    case "oauth2/v2.0/token":
      return { kind: "token", response: only(method, ["POST"]) ?? (await handleTokenRequest(request, state, first)) };
    case "oauth2/v2.0/logout":
      return { kind: "logout", response: only(method, ["GET"]) ?? handleLogout(request, state) };
    case "openid/userinfo":
      return { kind: "userinfo", response: await handleUserinfo(request, state) };
    default:
      return { kind: "other", response: jsonResponse(404, { error: "not_found", message: `The emulator serves no ${request.url.pathname}` }) };
  }
}

/** What a browser opens at Entra: the only paths the optional plain-http listener serves (server.ts). */
const BROWSER_FACING_PATHS = ["oauth2/v2.0/authorize", "login", "oauth2/v2.0/logout"];

export function isBrowserFacing(request: EmulatorRequest): boolean {
  const [first = "", ...rest] = request.segments;
  return first !== "_emulator" && first !== "oidc" && first !== "v1.0" && BROWSER_FACING_PATHS.includes(rest.join("/"));
}

function metadata(request: EmulatorRequest, state: EmulatorState, tenant: string, document: "discovery" | "keys", version: 1 | 2) {
  if (request.method === "OPTIONS") return { status: 204, headers: { ...METADATA_HEADERS }, body: "" };
  return only(request.method, ["GET"]) ?? handleMetadata(request, state, tenant, document, version);
}

function only(method: string, allowed: string[]): EmulatorResponse | undefined {
  if (allowed.includes(method)) return undefined;
  const response = textResponse(405, "Method not allowed");
  response.headers.Allow = allowed.join(", ");
  return response;
}
