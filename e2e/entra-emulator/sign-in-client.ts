import { formBody, httpsFetch, type HttpsResponse } from "./https-client";

/**
 * Completes an authorization request without a browser: loads the account picker, chooses the account, and
 * reports where the emulator sends the browser next. For integration tests that exercise a client's callback
 * with real codes; browser tests click the picker's buttons instead.
 */
export type AuthorizeOutcome =
  | { kind: "redirect"; location: string; params: URLSearchParams }
  | { kind: "form_post"; action: string; fields: Record<string, string> }
  | { kind: "error_page"; status: number; html: string };

export type SignInOptions = { authorizeUrl: string; oid: string; tenantId?: string; caPem: string };

export async function signInThroughAccountPicker({ authorizeUrl, oid, tenantId, caPem }: SignInOptions): Promise<AuthorizeOutcome> {
  const picker = await httpsFetch(authorizeUrl, { ca: caPem });
  if (picker.status !== 200 || !picker.body.includes('name="handle"')) return outcomeOf(picker);

  const action = unescapeHtml(/<form method="post" action="([^"]+)"/.exec(picker.body)?.[1] ?? "");
  const handle = unescapeHtml(/name="handle" value="([^"]+)"/.exec(picker.body)?.[1] ?? "");
  const offered = [...picker.body.matchAll(/name="account" value="([^"]+)"/g)].map((m) => unescapeHtml(m[1]!));
  const account = offered.find((value) => value.endsWith(`:${oid}`) && (!tenantId || value.startsWith(`${tenantId}:`)));
  if (!account) throw new Error(`The account picker does not offer ${oid}; it offers ${offered.join(", ") || "nobody"}`);

  const { body, headers } = formBody({ handle, account });
  return outcomeOf(await httpsFetch(action, { method: "POST", ca: caPem, body, headers }));
}

function outcomeOf(response: HttpsResponse): AuthorizeOutcome {
  const location = response.headers.location;
  if (response.status === 302 && location) {
    const url = new URL(location);
    return { kind: "redirect", location, params: new URLSearchParams(url.hash ? url.hash.slice(1) : url.search) };
  }
  if (response.status === 200 && response.body.includes('name="hiddenform"')) {
    const action = unescapeHtml(/action="([^"]+)"/.exec(response.body)?.[1] ?? "");
    const fields = Object.fromEntries(
      [...response.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)" \/>/g)].map((m) => [unescapeHtml(m[1]!), unescapeHtml(m[2]!)]),
    );
    return { kind: "form_post", action, fields };
  }
  return { kind: "error_page", status: response.status, html: response.body };
}

/** The emulator's pages escape with numeric entities only (pages.ts). */
function unescapeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
