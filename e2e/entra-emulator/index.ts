/**
 * An offline emulator of Microsoft Entra ID (login.microsoftonline.com) for Gatehouse's tests and demo: real
 * HTTPS from a CA generated at start, discovery and key sets byte-compatible with Entra's, the authorization-code
 * flow with an account picker, the token endpoint, and Entra's errors. See README.md beside this file.
 */
export type { EntraApp, EntraSeed, EntraTenant, EntraUser } from "./seed";
export { generatedGroupIds } from "./seed";
export { loadSeedFile } from "./seed-file";
export { startEntraEmulator, type RunningEntraEmulator, type StartEntraEmulatorOptions } from "./server";
export { connectEntraEmulatorAdmin, type EntraEmulatorAdmin } from "./admin-client";
export {
  HOSTILE_MODES,
  HOSTILE_OTHER_CLIENT_ID,
  HOSTILE_OTHER_TENANT_ID,
  OVERSIZED_PADDING_CLAIM,
  OVERSIZED_RESPONSE_BYTES,
  type HostileMode,
} from "./hostile-modes";
export type { LoggedRequest, RequestCounts, RequestKind } from "./request-log";
export { signInThroughAccountPicker, type AuthorizeOutcome } from "./sign-in-client";
export { PERSONAL_ACCOUNTS_TENANT_ID, MICROSOFT_GRAPH_APP_ID } from "./well-known-ids";
