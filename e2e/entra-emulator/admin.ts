import type { z } from "zod";
import { DirectoryLookupError } from "./directory";
import { HOSTILE_MODES } from "./hostile-modes";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from "./http";
import {
  appPatchSchema,
  appSchema,
  clockSchema,
  graphModeSchema,
  hostileModeSchema,
  rolesSchema,
  signingKeySchema,
  tenantSchema,
  userPatchSchema,
  userSchema,
} from "./seed-schema";
import type { EmulatorState } from "./state";

/**
 * The admin API under `/_emulator/`: what tests change while the emulator runs (users, roles, secrets, signing
 * keys, the clock, hostile modes) and what they read back (request counts). JSON in and out; `admin-client.ts` is
 * its typed client. Changes require `Content-Type: application/json`, which no cross-site form can send.
 *
 *   GET    /_emulator/health
 *   GET    /_emulator/requests?limit=N                                     → { counts, keySetFetches, requests }
 *   DELETE /_emulator/requests
 *   GET    /_emulator/signing-keys                                         → { active, kids }
 *   POST   /_emulator/signing-keys                                         → { kid }   (rotate)
 *   PUT    /_emulator/signing-keys/active               { kid }
 *   PUT    /_emulator/clock                             { offsetSeconds }
 *   GET    /_emulator/hostile-modes                                        → { modes: { clientId: mode }, available }
 *   PUT    /_emulator/hostile-modes/{clientId}          { mode | null }    (hostile-modes.ts)
 *   GET    /_emulator/graph-mode                                           → { mode }
 *   PUT    /_emulator/graph-mode                        { mode: "throttle" | "down" | null, retryAfterSeconds?, times? }   (graph-mode.ts)
 *   GET    /_emulator/tenants
 *   POST   /_emulator/tenants                           EntraTenant
 *   POST   /_emulator/tenants/{tid}/users               EntraUser
 *   PATCH  /_emulator/tenants/{tid}/users/{oid}         Partial<EntraUser>
 *   POST   /_emulator/tenants/{tid}/apps                EntraApp
 *   PATCH  /_emulator/tenants/{tid}/apps/{clientId}     Partial<EntraApp>
 *   PUT    /_emulator/tenants/{tid}/apps/{clientId}/role-assignments/{oid}   { roles }
 *   POST   /_emulator/tenants/{tid}/apps/{clientId}/expire-secrets
 */
export async function handleAdmin(request: EmulatorRequest, state: EmulatorState, path: string[]): Promise<EmulatorResponse> {
  const { method } = request;
  if (method !== "GET" && !(request.headers["content-type"] ?? "").startsWith("application/json")) {
    return jsonResponse(415, { error: "unsupported_media_type", message: "Admin changes take Content-Type: application/json" });
  }
  try {
    // Under tenants/ and hostile-modes/ every odd position is an id: tenants/{tid}/apps/{clientId} → "tenants/:/apps/:".
    const withIds = path[0] === "tenants" || path[0] === "hostile-modes";
    const route = `${method} ${path.map((p, i) => (withIds && i % 2 === 1 ? ":" : p)).join("/")}`;
    const body = () => parseJson(request.body);
    const { directory, signingKeys, clock, requests, hostile } = state;
    switch (route) {
      case "GET health":
        return ok({ ok: true });
      case "GET requests": {
        const limit = Number(request.url.searchParams.get("limit") ?? "100");
        return ok({
          counts: requests.counts(),
          keySetFetches: requests.countsByPath("keys"),
          requests: requests.recent(Number.isFinite(limit) ? limit : 100),
        });
      }
      case "DELETE requests":
        requests.reset();
        return ok({ ok: true });
      case "GET signing-keys":
        return ok({ active: signingKeys.active().kid, kids: signingKeys.published().map((k) => k.kid) });
      case "POST signing-keys":
        return ok({ kid: (await signingKeys.rotate(clock.now())).kid });
      case "PUT signing-keys/active": {
        const { kid } = validate(signingKeySchema, body());
        if (!signingKeys.activate(kid)) return jsonResponse(404, { error: "not_found", message: `No published signing key ${kid}` });
        return ok({ active: kid });
      }
      case "PUT clock":
        clock.setOffsetSeconds(validate(clockSchema, body()).offsetSeconds);
        return ok({ offsetSeconds: clock.offsetSeconds(), now: clock.now().toISOString() });
      case "GET hostile-modes":
        return ok({ modes: hostile.all(), available: HOSTILE_MODES });
      case "PUT hostile-modes/:": {
        const clientId = path[1]!;
        const { mode } = validate(hostileModeSchema, body());
        if (!directory.registration(clientId)) throw new DirectoryLookupError(`No app registration has client id ${clientId}`, "missing");
        // A token without kid is ambiguous only when the key sets list more than one key: publish a standby key.
        if (mode === "missing_kid") await signingKeys.publishAtLeast(2, clock.now());
        hostile.set(clientId, mode);
        return ok({ clientId, mode });
      }
      case "GET graph-mode":
        return ok({ mode: state.graph.get() });
      case "PUT graph-mode": {
        const { mode, retryAfterSeconds, times } = validate(graphModeSchema, body());
        state.graph.set(mode === null ? null : mode === "down" ? { mode } : { mode, retryAfterSeconds, times });
        return ok({ mode: state.graph.get() });
      }
      case "GET tenants":
        return ok({ tenants: directory.allTenants() });
      case "POST tenants":
        directory.addTenant(validate(tenantSchema, body()));
        return ok({ ok: true });
      case "POST tenants/:/users":
        directory.addUser(path[1]!, validate(userSchema, body()));
        return ok({ ok: true });
      case "PATCH tenants/:/users/:":
        return ok(directory.updateUser(path[1]!, path[3]!, validate(userPatchSchema, body())));
      case "POST tenants/:/apps":
        directory.addApp(path[1]!, validate(appSchema, body()));
        return ok({ ok: true });
      case "PATCH tenants/:/apps/:":
        return ok(directory.updateApp(path[1]!, path[3]!, validate(appPatchSchema, body())));
      case "PUT tenants/:/apps/:/role-assignments/:":
        directory.setUserRoles(path[1]!, path[3]!, path[5]!, validate(rolesSchema, body()).roles);
        return ok({ ok: true });
      case "POST tenants/:/apps/:/expire-secrets":
        // A second in the past, so the very next token request sees the secret expired.
        directory.expireSecrets(path[1]!, path[3]!, new Date(clock.now().getTime() - 1000));
        return ok({ ok: true });
      default:
        return jsonResponse(404, { error: "not_found", message: `No admin route ${method} /_emulator/${path.join("/")}` });
    }
  } catch (e) {
    if (e instanceof AdminInputError) return jsonResponse(400, { error: "invalid_request", message: e.message });
    if (e instanceof DirectoryLookupError) return jsonResponse(e.reason === "missing" ? 404 : 409, { error: e.reason, message: e.message });
    throw e;
  }
}

class AdminInputError extends Error {}

function ok(body: unknown): EmulatorResponse {
  return jsonResponse(200, body);
}

function parseJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    throw new AdminInputError("The body is not JSON");
  }
}

function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AdminInputError(parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "));
  }
  return parsed.data;
}
