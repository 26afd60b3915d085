import type { Exchange } from "../http-exchange";

/** An IdP's answer is a redirect's query string, or a form post (`response_mode=form_post`) of at most this much. */
const MAX_CALLBACK_BODY_BYTES = 64 * 1024;

/** The callback's parameters: the query string, or the form body of a `form_post` answer; undefined when too large. */
export async function callbackParams(exchange: Exchange): Promise<URLSearchParams | undefined> {
  if (exchange.method !== "POST") return exchange.url.searchParams;
  const body = await exchange.body(MAX_CALLBACK_BODY_BYTES);
  return body === undefined ? undefined : new URLSearchParams(body);
}
