import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVER_ARGUMENTS } from "../../lib/server/build-if-needed";
import { serverEnvironment } from "./environment";

export type RunningServer = { url: string; publicUrl: string; pid: number; output: () => string; stop(): Promise<void> };

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts another Gatehouse server (the production build, as `npm start` runs it) with its own settings, for tests
 * that need a differently configured instance. Without DATABASE_URL it runs on an embedded database of its own.
 * `port` is for callers that must know the public URL before the server starts (an IdP's redirect URIs).
 */
export async function spawnGatehouse(settings: Record<string, string>, options: { port?: number } = {}): Promise<RunningServer> {
  const port = options.port ?? (settings.PORT ? Number(settings.PORT) : await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), "gatehouse-e2e-"));
  const env = serverEnvironment({ PORT: String(port), API_PUBLIC_URL: `http://localhost:${port}`, DATA_DIR: dataDir, ...settings });
  const child = spawn(process.execPath, SERVER_ARGUMENTS, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilListening(child, url, () => output);
  const stop = async () => {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, publicUrl: env.API_PUBLIC_URL!, pid: child.pid!, output: () => output, stop };
}

async function waitUntilListening(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Gatehouse exited with ${child.exitCode}:\n${output()}`);
    if (output().includes("Gatehouse is listening")) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  throw new Error(`Gatehouse did not start at ${url} within 60 s:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
