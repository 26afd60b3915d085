import { getDb } from "@/db/instance";
import { messageFor } from "@/lib/errors/user-messages";
import { checkDatabaseHealth } from "@/lib/health/database-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkDatabaseHealth(getDb());
  const headers = { "cache-control": "no-store" };
  if (health.ok) return Response.json({ status: "ok", database: "reachable" }, { headers });
  return Response.json({ status: "unavailable", database: "unreachable", message: messageFor("database_unavailable") }, { status: 503, headers });
}
