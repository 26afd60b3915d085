import { resolveAuthority } from "./authority";
import { v1DiscoveryDocument, v2DiscoveryDocument } from "./discovery";
import { EntraError, entraErrorBody } from "./errors";
import { jsonResponse, METADATA_HEADERS, NO_STORE_HEADERS, type EmulatorRequest, type EmulatorResponse } from "./http";
import { jwksDocument } from "./jwks";
import type { EmulatorState } from "./state";

/**
 * The discovery documents and key sets, v2 and v1. An unknown tenant answers Entra's 400 `invalid_tenant`
 * (AADSTS90002), a tenant that is not even a domain name 400 `invalid_request` (AADSTS900023).
 */
export function handleMetadata(
  request: EmulatorRequest,
  state: EmulatorState,
  tenantSegment: string,
  document: "discovery" | "keys",
  version: 1 | 2,
): EmulatorResponse {
  try {
    const authority = resolveAuthority(tenantSegment, state.directory, "invalid_tenant");
    const body =
      document === "keys"
        ? jwksDocument(state.origin, authority, state.signingKeys.published(), version)
        : version === 2
          ? v2DiscoveryDocument(state.origin, authority, state.browserOrigin)
          : v1DiscoveryDocument(state.origin, authority);
    return jsonResponse(200, body, METADATA_HEADERS);
  } catch (e) {
    if (e instanceof EntraError) return jsonResponse(e.status, entraErrorBody(e, request.trace), NO_STORE_HEADERS);
    throw e;
  }
}
