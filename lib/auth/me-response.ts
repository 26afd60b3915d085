import type { SignedInUser } from "./session-lookup";

/** The body of GET /api/v1/me: who the caller is, with nothing secret in it. */
export type MeResponse = {
  user: { id: string; name: string | null; email: string | null; login: string | null };
  tenant: { id: string; key: string; name: string; role: "admin" | "member" } | null;
};

export function toMeResponse(user: SignedInUser): MeResponse {
  return { user: { id: user.id, name: user.name, email: user.email, login: user.login }, tenant: user.tenant };
}
