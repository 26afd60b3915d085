import { IdpUnreachableError } from "@/lib/oidc/idp-outage";

/**
 * A person's groups from Microsoft Graph, for an Entra ID token that carries the groups overage claim
 * (`_claim_names`/`_claim_sources`, no `groups`) — research §2.4. The `_claim_sources` endpoint is an Azure AD Graph
 * URL that Microsoft says not to rely on, so the Microsoft Graph URL is built from MS_GRAPH_HOST and the `oid`:
 *  1. an app-only Graph token by client credentials at the directory's token endpoint, with the workspace's own
 *     SSO app (`scope=https://graph.microsoft.com/.default`);
 *  2. `POST {MS_GRAPH_HOST}/v1.0/users/{oid}/getMemberObjects` `{ securityEnabledOnly: false }`, following
 *     `@odata.nextLink` (only to the same Graph host: the token goes nowhere else);
 *  3. a 429 or 503 is retried after its `Retry-After`, at most twice, and only while the wait still fits the
 *     sign-in's time budget.
 * Every failure is a `reason` the caller audits; none is thrown.
 */
export type GraphGroupsInput = {
  authorityHost: string;
  graphHost: string;
  entraTenantId: string;
  oid: string;
  clientId: string;
  clientSecret: string;
};

export type GraphGroupsResult = { ok: true; groups: string[]; pages: number; retries: number } | { ok: false; reason: GraphFailure };

export type GraphFailure = "graph_token_refused" | "graph_unreachable" | "graph_throttled" | "graph_refused" | "graph_answer_invalid" | "graph_too_many_pages" | "graph_next_link_foreign";

export type GraphDeps = {
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** Milliseconds since some origin, to measure the budget (performance.now in production). */
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
  /** The whole resolution's budget: token, pages and waits. */
  budgetMs?: number;
};

/** The scope of an app-only Graph token (the resource's App ID URI, whatever host Graph is reached at). */
export const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
const DEFAULT_BUDGET_MS = 8_000;
const MAX_RETRIES = 2;
const MAX_PAGES = 50;
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export async function graphGroupsOf(deps: GraphDeps, input: GraphGroupsInput): Promise<GraphGroupsResult> {
  const now = deps.now ?? (() => performance.now());
  const wait = deps.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + (deps.budgetMs ?? DEFAULT_BUDGET_MS);
  const remaining = () => Math.max(0, deadline - now());
  const send = async (url: string, init: RequestInit): Promise<Response | GraphFailure> => {
    if (remaining() <= 0) return "graph_unreachable";
    try {
      return await deps.fetch(url, { ...init, signal: AbortSignal.timeout(Math.ceil(remaining())) });
    } catch (error) {
      if (error instanceof IdpUnreachableError || (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError" || error.message === "fetch failed")))
        return "graph_unreachable";
      throw error;
    }
  };

  const granted = await graphToken(send, input);
  if ("failure" in granted) return { ok: false, reason: granted.failure };
  const { token } = granted;

  const graphOrigin = new URL(input.graphHost).origin;
  let url: string | undefined = `${graphOrigin}/v1.0/users/${encodeURIComponent(input.oid)}/getMemberObjects`;
  const groups: string[] = [];
  let pages = 0;
  let retries = 0;
  while (url) {
    if (pages >= MAX_PAGES) return { ok: false, reason: "graph_too_many_pages" };
    const response = await send(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ securityEnabledOnly: false }),
    });
    if (typeof response === "string") return { ok: false, reason: response };
    if (response.status === 429 || response.status === 503) {
      await response.body?.cancel();
      const delay = retryAfterMs(response.headers.get("retry-after"), Date.now());
      if (retries >= MAX_RETRIES || delay >= remaining()) return { ok: false, reason: response.status === 429 ? "graph_throttled" : "graph_unreachable" };
      retries++;
      await wait(delay);
      continue;
    }
    if (response.status >= 500) return { ok: false, reason: "graph_unreachable" };
    if (response.status !== 200) return { ok: false, reason: "graph_refused" };
    const page = await readPage(response);
    if (!page) return { ok: false, reason: "graph_answer_invalid" };
    groups.push(...page.value);
    pages++;
    url = page.nextLink;
    if (url && new URL(url).origin !== graphOrigin) return { ok: false, reason: "graph_next_link_foreign" };
  }
  return { ok: true, groups: [...new Set(groups.map((g) => g.toLowerCase()))], pages, retries };
}

async function graphToken(send: (url: string, init: RequestInit) => Promise<Response | GraphFailure>, input: GraphGroupsInput): Promise<{ token: string } | { failure: GraphFailure }> {
  const response = await send(`${input.authorityHost}/${encodeURIComponent(input.entraTenantId)}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: input.clientId, client_secret: input.clientSecret, scope: GRAPH_DEFAULT_SCOPE }),
  });
  if (typeof response === "string") return { failure: response };
  if (response.status >= 500) return { failure: "graph_unreachable" };
  const body = (await response.json().catch(() => undefined)) as { access_token?: unknown } | undefined;
  if (response.status !== 200 || typeof body?.access_token !== "string") return { failure: "graph_token_refused" };
  return { token: body.access_token };
}

/** `Retry-After` as delta-seconds or an HTTP date; absent or unreadable: one second. */
export function retryAfterMs(header: string | null, nowMs: number): number {
  if (header && /^\d{1,6}$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = header ? Date.parse(header) : NaN;
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : 1000;
}

async function readPage(response: Response): Promise<{ value: string[]; nextLink: string | undefined } | undefined> {
  if (Number(response.headers.get("content-length")) > MAX_ANSWER_BYTES) return undefined;
  const text = await response.text();
  if (text.length > MAX_ANSWER_BYTES) return undefined;
  let body: { value?: unknown; "@odata.nextLink"?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return undefined;
  }
  if (!Array.isArray(body.value) || !body.value.every((v) => typeof v === "string")) return undefined;
  const next = body["@odata.nextLink"];
  if (next !== undefined && (typeof next !== "string" || !URL.canParse(next))) return undefined;
  return { value: body.value as string[], nextLink: next as string | undefined };
}
