/**
 * An error Entra returned to our redirect URI (`?error=…&error_description=AADSTS…`). Microsoft writes the
 * description as `AADSTS<code>: <message>` followed by CRLF-separated `Trace ID`, `Correlation ID` and `Timestamp`
 * lines; support needs the code and both ids, so they are pulled out here.
 */
export type EntraError = {
  error: string;
  code: string | null;
  message: string;
  traceId: string | null;
  correlationId: string | null;
  timestamp: string | null;
};

const MAX = 2000;

export function parseEntraError(params: URLSearchParams): EntraError | undefined {
  const error = params.get("error");
  if (!error) return undefined;
  const description = (params.get("error_description") ?? "").slice(0, MAX);
  const [first = "", ...rest] = description.split(/\r?\n/);
  const field = (name: string) =>
    rest.map((line) => new RegExp(`^${name}:\\s*(.+)$`, "i").exec(line.trim())?.[1]?.trim()).find(Boolean) ?? null;
  const coded = /^(AADSTS\d+):\s*(.*)$/.exec(first.trim());
  return {
    error: error.slice(0, 100),
    code: coded?.[1] ?? null,
    message: (coded?.[2] ?? first).trim(),
    traceId: field("Trace ID"),
    correlationId: field("Correlation ID"),
    timestamp: field("Timestamp"),
  };
}

/** What the common AADSTS codes mean for the person who just tried to sign in. */
const MEANINGS: Record<string, string> = {
  AADSTS50105: "Your organization has not given you access to this application. Ask your administrator to assign you to it.",
  AADSTS65001: "Your organization has not consented to this application yet. Ask your administrator to grant consent.",
  AADSTS50020: "This account does not belong to the organization you are signing in to.",
  AADSTS700016: "This application is not registered in your organization's directory.",
  AADSTS50011: "The application's sign-in address is not registered with Microsoft.",
  AADSTS90002: "Microsoft does not know this organization's directory.",
  AADSTS50076: "Your organization requires multi-factor authentication for this sign-in.",
  AADSTS53003: "Your organization's access policies blocked this sign-in.",
};

const ERROR_MEANINGS: Record<string, string> = {
  access_denied: "Microsoft did not allow the sign-in.",
  consent_required: "Consent is needed before you can sign in.",
  interaction_required: "Microsoft needs you to sign in interactively.",
  login_required: "Microsoft needs you to sign in again.",
  temporarily_unavailable: "Microsoft is temporarily unavailable. Try again in a moment.",
  server_error: "Microsoft had a problem completing the sign-in. Try again.",
};

export function describeEntraError(e: Pick<EntraError, "error" | "code">): string {
  return (e.code && MEANINGS[e.code]) || ERROR_MEANINGS[e.error] || "Microsoft could not complete the sign-in.";
}
