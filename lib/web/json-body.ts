import { messageFor } from "@/lib/errors/user-messages";

const MAX_BODY_BYTES = 16 * 1024;

/** A route handler's JSON object body, or the 400/413 to answer: never a 500 for a body that is not what we expect. */
export async function readJsonObject(request: Request): Promise<{ body: Record<string, unknown> } | { response: Response }> {
  const text = await request.text().catch(() => "");
  if (text.length > MAX_BODY_BYTES) return { response: Response.json({ error: "request_too_large", message: messageFor("request_too_large") }, { status: 413 }) };
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && !Array.isArray(body)) return { body: body as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { response: Response.json({ error: "invalid_json", message: messageFor("invalid_json") }, { status: 400 }) };
}

/** The JSON answer for a refused operation, with the status its code calls for. */
export function refusal(code: string, status: number): Response {
  return Response.json({ error: code, message: messageFor(code) }, { status });
}
