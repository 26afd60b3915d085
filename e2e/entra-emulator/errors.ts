import { ERROR_LOOKUP_URL } from "./well-known-ids";

/**
 * A protocol error as Entra reports it. Clients are told to branch on `error` (the OAuth code); people and support
 * read the AADSTS number and its sentence. The HTTP status travels with the error because Entra's choice is not
 * the obvious one: bad client credentials answer 401, everything else at the token endpoint 400.
 */
export class EntraError extends Error {
  override readonly name = "EntraError";

  constructor(
    readonly error: string,
    readonly code: number,
    readonly detail: string,
    readonly status: 400 | 401 = 400,
    /** Entra's `suberror` (e.g. `consent_required` on AADSTS65001), when it sends one. */
    readonly suberror?: string,
  ) {
    super(`AADSTS${code}: ${detail}`);
  }
}

/** The ids Entra stamps on every failure so that support can find it: one per request, echoed in headers and body. */
export type TraceContext = { traceId: string; correlationId: string; at: Date };

/** `2016-01-09 02:02:12Z`: a space instead of `T`, no fraction. Parsers that expect ISO 8601 break on it. */
export function entraTimestamp(at: Date): string {
  return at.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

/** The description carries the trace lines after CRLFs, exactly as Entra writes them. */
export function entraErrorDescription(e: EntraError, trace: TraceContext): string {
  return [
    e.message,
    `Trace ID: ${trace.traceId}`,
    `Correlation ID: ${trace.correlationId}`,
    `Timestamp: ${entraTimestamp(trace.at)}`,
  ].join("\r\n");
}

export function entraErrorUri(code: number): string {
  return `${ERROR_LOOKUP_URL}?code=${code}`;
}

/** The JSON body, keys in the order Entra sends them. */
export function entraErrorBody(e: EntraError, trace: TraceContext) {
  return {
    error: e.error,
    error_description: entraErrorDescription(e, trace),
    error_codes: [e.code],
    timestamp: entraTimestamp(trace.at),
    trace_id: trace.traceId,
    correlation_id: trace.correlationId,
    error_uri: entraErrorUri(e.code),
    ...(e.suberror ? { suberror: e.suberror } : {}),
  };
}
