import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateLocalSecrets } from "./local-secrets";

describe("loadOrCreateLocalSecrets", () => {
  it("generates the three secrets once into DATA_DIR and reuses them on the next start", () => {
    const root = mkdtempSync(join(tmpdir(), "gatehouse-secrets-"));
    const dir = join(root, "nested");
    const first = loadOrCreateLocalSecrets(dir);
    const second = loadOrCreateLocalSecrets(dir);
    expect(second).toEqual(first);
    expect(first.AUTH_SECRET).not.toBe(first.MGMT_AUTH_SECRET);
    expect(Buffer.from(first.SECRET_ENCRYPTION_KEY, "base64url")).toHaveLength(32);
    const file = join(dir, "local-secrets.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    rmSync(root, { recursive: true, force: true });
  });
});
