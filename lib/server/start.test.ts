import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Starts the real entry point with the given settings; it must stop before serving anything. */
function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "lib/server/main.ts"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 50_000,
  });
  return { code: result.status, stderr: result.stderr };
}

const secrets = {
  AUTH_SECRET: "t".repeat(40),
  MGMT_AUTH_SECRET: "u".repeat(40),
  SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
};

// Each case starts a process that loads the server's modules through tsx: seconds on a busy machine.
describe("server start-up", { timeout: 60_000 }, () => {
  it("stops with one message naming each bad setting", () => {
    const { code, stderr } = start({ NODE_ENV: "production", PORT: "http", AUTH_POLICY: "restricted", API_PUBLIC_URL: "localhost" });
    expect(code).toBe(1);
    expect(stderr).toContain("Gatehouse cannot start; fix these settings:");
    for (const problem of [
      "- API_PUBLIC_URL must be an absolute URL",
      "- AUTH_SECRET is required in production",
      "- MGMT_AUTH_SECRET is required in production",
      "- SECRET_ENCRYPTION_KEY is required in production",
      "- PORT must be a port number",
    ])
      expect(stderr).toContain(problem);
  });

  it("refuses request buffers below 16384 bytes in production", () => {
    const { code, stderr } = start({ NODE_ENV: "production", ...secrets, HTTP_READ_BUFFER_BYTES: "8192" });
    expect(code).toBe(1);
    expect(stderr).toContain("HTTP_READ_BUFFER_BYTES is 8192: Do not reduce these values below ~16384 in production");
  });

  it("refuses the restricted policy without allowed domains", () => {
    const { code, stderr } = start({ NODE_ENV: "production", ...secrets, AUTH_POLICY: "restricted" });
    expect(code).toBe(1);
    expect(stderr).toContain("AUTH_ALLOWED_EMAIL_DOMAINS is required when AUTH_POLICY=restricted");
  });
});
