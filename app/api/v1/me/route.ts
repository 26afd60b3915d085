import { toMeResponse } from "@/lib/auth/me-response";
import { messageFor } from "@/lib/errors/user-messages";
import { getSignedInUser } from "@/lib/web/current-user";

export const dynamic = "force-dynamic";

export async function GET() {
  const user = await getSignedInUser();
  if (!user) return Response.json({ error: "not_signed_in", message: messageFor("not_signed_in") }, { status: 401 });
  if (user.mustChangePassword)
    return Response.json({ error: "password_change_required", message: messageFor("password_change_required") }, { status: 403 });
  return Response.json(toMeResponse(user), { headers: { "cache-control": "no-store" } });
}
