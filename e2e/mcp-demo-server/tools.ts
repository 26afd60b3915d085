import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/**
 * The demo MCP server's tools: `whoami` (the identity Gatehouse asserted for this request), `count` (streams a
 * progress notification every `interval_ms` before it answers, so a client sees the stream arrive in pieces) and
 * `time_in` (the current date and time in an IANA time zone).
 */
export function registerDemoTools(server: McpServer): void {
  server.registerTool(
    "whoami",
    { description: "Shows the identity Gatehouse asserted for this request: person, e-mail, workspace and scopes." },
    async (extra) => {
      const claims = (extra.authInfo?.extra?.claims ?? {}) as Record<string, unknown>;
      const identity = {
        principal: claims.principal,
        subject: claims.sub,
        email: claims.email,
        workspace: claims.workspace,
        scope: claims.scope,
        credential: claims.credential,
        tid: claims.tid,
        oid: claims.oid,
        assertion_expires_at: typeof claims.exp === "number" ? new Date(claims.exp * 1000).toISOString() : undefined,
      };
      return { content: [{ type: "text", text: JSON.stringify(identity, null, 2) }], structuredContent: identity };
    },
  );

  server.registerTool(
    "count",
    {
      description: "Counts from 1 to `to`, sending a progress notification at each step (`interval_ms` apart).",
      inputSchema: { to: z.number().int().min(1).max(50).default(5), interval_ms: z.number().int().min(0).max(5000).default(500) },
    },
    async ({ to, interval_ms }, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (let step = 1; step <= to; step += 1) {
        await new Promise((resolve) => setTimeout(resolve, interval_ms));
        if (progressToken !== undefined)
          await extra.sendNotification({ method: "notifications/progress", params: { progressToken, progress: step, total: to, message: `counted ${step}` } });
      }
      return { content: [{ type: "text", text: `Counted to ${to}.` }] };
    },
  );

  server.registerTool(
    "time_in",
    { description: "The current date and time in an IANA time zone, e.g. Europe/Paris.", inputSchema: { time_zone: z.string().min(1).max(64) } },
    async ({ time_zone }) => {
      try {
        const text = new Intl.DateTimeFormat("en-GB", { timeZone: time_zone, dateStyle: "full", timeStyle: "long" }).format(new Date());
        return { content: [{ type: "text", text }] };
      } catch {
        return { content: [{ type: "text", text: `Unknown time zone: ${time_zone}` }], isError: true };
      }
    },
  );
}
