import { parseCookies, type Answer, type Exchange } from "../../http-exchange";

/** A GET as a browser sends it to a Node-served route, for tests that call routes as plain functions. */
export function getExchange(url: string, cookies: Map<string, string> = new Map(), clientIp = "192.0.2.10"): Exchange {
  return { method: "GET", url: new URL(url), cookies, header: () => undefined, clientIp, body: async () => "" };
}

/** The cookies an answer sets, by name (a deleted cookie reads as ""). */
export function cookiesSetBy(answer: Answer): Map<string, string> {
  const all = ([] as string[]).concat(answer.headers["set-cookie"] ?? []);
  return parseCookies(all.map((c) => c.split(";")[0]).join("; "));
}
