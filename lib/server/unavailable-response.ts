import type { IncomingMessage, ServerResponse } from "node:http";
import { messageFor } from "@/lib/errors/user-messages";

/**
 * The answer to any request while the database is down: 503 with `Retry-After`, the contract's message, JSON for
 * API callers and a small self-contained page for browsers. Nothing else is said: no error, no stack trace.
 */
export function answerDatabaseUnavailable(req: IncomingMessage, res: ServerResponse): void {
  const message = messageFor("database_unavailable");
  const wantsJson = (req.url ?? "").startsWith("/api/") || !(req.headers.accept ?? "").includes("text/html");
  const headers = { "retry-after": "5", "cache-control": "no-store" };
  if (wantsJson) {
    res.writeHead(503, { ...headers, "content-type": "application/json" });
    res.end(JSON.stringify({ error: "database_unavailable", message }));
    return;
  }
  res.writeHead(503, { ...headers, "content-type": "text/html; charset=utf-8" });
  res.end(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>Gatehouse is unavailable</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a">` +
      `<h1 style="font-size:1.25rem">Gatehouse is unavailable</h1><p>${message}</p></body></html>`,
  );
}

/** Requests that need no database and are answered normally during an outage. */
export function servedDuringOutage(url: string | undefined): boolean {
  const path = (url ?? "/").split("?")[0]!;
  return path === "/api/health" || path.startsWith("/_next/static/") || path === "/favicon.ico";
}
