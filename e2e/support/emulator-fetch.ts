import { httpsFetch } from "../entra-emulator/https-client";

/**
 * A `fetch` that reaches a started Entra emulator over real HTTPS, trusting its CA explicitly: what the sign-in
 * engine's tests hand the engine in place of the process's fetch (which trusts the CA only through
 * NODE_EXTRA_CA_CERTS, read at process start).
 */
export function emulatorFetch(caPem: string, onRequest?: (url: string) => void) {
  return async (url: string, init?: RequestInit): Promise<Response> => {
    onRequest?.(url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    const response = await httpsFetch(url, { method: init?.method ?? "GET", headers, body: init?.body == null ? undefined : String(init.body), ca: caPem });
    const answer = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (typeof value === "string") answer.set(name, value);
    return new Response(response.status === 204 ? null : response.body, { status: response.status, headers: answer });
  };
}
