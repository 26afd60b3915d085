import { z } from "zod";
import { HOSTILE_MODES } from "./hostile-modes";
import { GUID_PATTERN } from "./well-known-ids";

/**
 * The shapes the emulator accepts from outside (a seed file, admin API bodies), checked before they reach the
 * directory, so a typo in a seed fails at start with the path of the bad field rather than as a strange token.
 */

const guid = z.string().regex(GUID_PATTERN, "must be a GUID");

export const userSchema = z.object({
  oid: guid,
  name: z.string().min(1),
  preferredUsername: z.string().min(1),
  email: z.string().min(1).nullable().optional(),
  emailDomainVerified: z.boolean().optional(),
  groups: z.array(guid).optional(),
});

export const userPatchSchema = userSchema.omit({ oid: true }).partial();

const secretSchema = z.object({ value: z.string().min(1), expiresAt: z.iso.datetime({ offset: true }).optional() });

export const appSchema = z.object({
  clientId: guid,
  displayName: z.string().min(1),
  secrets: z.array(secretSchema),
  redirectUris: z.array(z.string().min(1)),
  multiTenant: z.boolean().optional(),
  assignmentRequired: z.boolean().optional(),
  roleAssignments: z.record(guid, z.array(z.string().min(1))).optional(),
  appPermissions: z.array(z.string().min(1)).optional(),
  identifierUris: z.array(z.string().min(1)).optional(),
  accessTokenAcceptedVersion: z.union([z.literal(1), z.literal(2)]).optional(),
  groupMembershipClaims: z.enum(["None", "SecurityGroup", "All"]).optional(),
  exposedScopes: z.array(z.string().min(1)).optional(),
  authorizedClientApplications: z.array(z.object({ clientId: guid, scopes: z.array(z.string().min(1)) })).optional(),
  grantedPermissions: z.array(z.object({ resource: guid, scopes: z.array(z.string().min(1)) })).optional(),
});

export const appPatchSchema = appSchema.omit({ clientId: true }).partial();

export const tenantSchema = z.object({
  id: guid,
  displayName: z.string().min(1),
  domains: z.array(z.string().min(1)),
  region: z.string().min(1).optional(),
  users: z.array(userSchema),
  apps: z.array(appSchema),
});

/** A seed file may say `"groupCount": 250` instead of listing 250 group ids; the loader generates them. */
export const seedFileUserSchema = userSchema.extend({ groupCount: z.number().int().min(0).max(5000).optional() });

export const seedFileSchema = z.object({
  tenants: z.array(tenantSchema.extend({ users: z.array(seedFileUserSchema) })),
});

export const rolesSchema = z.object({ roles: z.array(z.string().min(1)) });
export const signingKeySchema = z.object({ kid: z.string().min(1) });
/** `null` clears the client's hostile mode. */
export const hostileModeSchema = z.object({ mode: z.enum(HOSTILE_MODES).nullable() });
export const graphModeSchema = z.object({
  mode: z.enum(["throttle", "down"]).nullable(),
  retryAfterSeconds: z.number().int().min(0).max(120).default(1),
  times: z.number().int().min(1).max(100).default(1),
});
export const clockSchema = z.object({ offsetSeconds: z.number().finite() });
