import { readFile } from "node:fs/promises";
import { generatedGroupIds, type EntraSeed } from "./seed";
import { seedFileSchema } from "./seed-schema";

/**
 * Reads a seed JSON file. Besides the `EntraSeed` shape it accepts one convenience: a user's `"groupCount": N`
 * becomes N deterministic group ids (appended to any listed `groups`), so an overage user fits in a readable file.
 */
export async function loadSeedFile(path: string): Promise<EntraSeed> {
  const raw: unknown = JSON.parse(await readFile(path, "utf8"));
  const parsed = seedFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`Entra emulator seed ${path} is invalid:\n  ${problems.join("\n  ")}`);
  }
  return {
    tenants: parsed.data.tenants.map((tenant) => ({
      ...tenant,
      users: tenant.users.map(({ groupCount, ...user }) =>
        groupCount === undefined ? user : { ...user, groups: [...(user.groups ?? []), ...generatedGroupIds(tenant.id, user.oid, groupCount)] },
      ),
    })),
  };
}
