import { z } from "zod";
import { cleanText } from "@/lib/text/clean-text";

/** The columns the Users list sorts by, as the API spells them. */
export const TENANT_USER_SORTS = ["name", "email", "role", "lastSignIn"] as const;
export type TenantUserSort = (typeof TENANT_USER_SORTS)[number];
export type SortDirection = "asc" | "desc";

/** `search`: part of a name or e-mail (or password login), empty for everyone. */
export type TenantUsersQuery = { sort: TenantUserSort; dir: SortDirection; page: number; search?: string };

export const MAX_SEARCH_LENGTH = 100;

/** Far beyond any real tenant (50 per page); the bound keeps OFFSET a small, safe integer. */
const MAX_PAGE = 100_000;

const schema = z.object({
  sort: z.enum(TENANT_USER_SORTS, { error: `sort must be one of ${TENANT_USER_SORTS.join(", ")}.` }).default("name"),
  dir: z.enum(["asc", "desc"], { error: "dir must be asc or desc." }).default("asc"),
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, { error: `page must be a whole number from 1 to ${MAX_PAGE}.` })
    .transform(Number)
    .refine((page) => page <= MAX_PAGE, { error: `page must be a whole number from 1 to ${MAX_PAGE}.` })
    .default(1),
  q: z
    .string()
    .transform(cleanText)
    .refine((q) => q.length <= MAX_SEARCH_LENGTH, { error: `q must be at most ${MAX_SEARCH_LENGTH} characters.` })
    .default(""),
});

/**
 * GET /api/v1/settings/users?sort=&dir=&page=&q= — each parameter optional (name, asc, 1, everyone). A bad value is refused with
 * a message naming every bad parameter rather than silently replaced: a client that sends `sort=created` has a bug
 * worth seeing.
 */
export function parseTenantUsersQuery(params: URLSearchParams): { ok: true; query: TenantUsersQuery } | { ok: false; message: string } {
  const parsed = schema.safeParse({
    sort: params.get("sort") ?? undefined,
    dir: params.get("dir") ?? undefined,
    page: params.get("page") ?? undefined,
    q: params.get("q") ?? undefined,
  });
  if (parsed.success) {
    const { q, ...rest } = parsed.data;
    return { ok: true, query: { ...rest, search: q } };
  }
  return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join(" ") };
}
