import type { Metadata } from "next";
import Link from "next/link";
import { describeEntraError } from "@/lib/entra/entra-error";
import { messageFor } from "@/lib/errors/user-messages";
import { Card, DefinitionList, Page, Reference, linkClass } from "../_components/ui";

export const metadata: Metadata = { title: "Sign-in problem" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^GH-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
/** Where "Start again" may lead: only our own sign-in entry points. */
function retryPath(value: string | undefined): string {
  return value && /^\/api\/v1\/auth\/(microsoft|sso\/[a-z0-9-]{3,40})\/login$/.test(value) ? value : "/api/v1/auth/microsoft/login";
}

const primaryButton =
  "inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

/** The clean error page: the meaning in plain words, the ids support needs, and a way back. */
export default async function ErrorPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const code = first(params.code) ?? first(params.error);
  const reference = first(params.ref);
  const validReference = reference && REFERENCE.test(reference) ? reference : undefined;
  const retry = retryPath(first(params.retry));

  if (code === "microsoft_session_expired")
    return (
      <Page>
        <Card title={messageFor(code)}>
          <p className="text-sm text-slate-700">The sign-in took too long or was started in another window. Start again to continue.</p>
          <Reference value={validReference} />
          <RetryActions label="Start again" retry={retry} />
        </Card>
      </Page>
    );

  if (code === "idp_unreachable")
    return (
      <Page>
        <Card title={messageFor(code)}>
          <p className="text-sm text-slate-700">Gatehouse could not reach the sign-in service. Nothing was changed; try again in a moment.</p>
          <Reference value={validReference} />
          <RetryActions label="Try again" retry={retry} />
        </Card>
      </Page>
    );

  if (code === "entra_error") {
    const aadsts = first(params.aadsts);
    const error = first(params.error) ?? "";
    const trace = first(params.trace);
    const correlation = first(params.correlation);
    const details: [string, string][] = [];
    if (aadsts && /^AADSTS\d{4,9}$/.test(aadsts)) details.push(["Microsoft error code", aadsts]);
    else if (/^[a-z_]{1,64}$/.test(error)) details.push(["Microsoft error", error]);
    if (trace && GUID.test(trace)) details.push(["Trace ID", trace]);
    if (correlation && GUID.test(correlation)) details.push(["Correlation ID", correlation]);
    return (
      <Page>
        <Card title="Microsoft could not sign you in">
          <p className="text-sm text-slate-700">{describeEntraError({ error, code: aadsts ?? null })}</p>
          {details.length ? (
            <div className="mt-4">
              <DefinitionList items={details.map(([term, value]) => [term, <code key={term} className="font-mono text-xs">{value}</code>])} />
            </div>
          ) : null}
          <Reference value={validReference} />
          <RetryActions label="Try again" retry={retry} />
        </Card>
      </Page>
    );
  }

  return (
    <Page>
      <Card title="We could not sign you in">
        <p className="text-sm text-slate-700">{messageFor(code)}</p>
        <Reference value={validReference} />
        <p className="mt-6 text-sm">
          <Link href="/login" className={linkClass}>
            Back to sign in
          </Link>
        </p>
      </Card>
    </Page>
  );
}

/** Starting the sign-in again is a plain GET to its entry point; or back to /login. */
function RetryActions({ label, retry }: { label: string; retry: string }) {
  return (
    <div className="mt-6 flex items-center gap-4">
      <form method="get" action={retry}>
        <button type="submit" className={primaryButton}>
          {label}
        </button>
      </form>
      <Link href="/login" className={`${linkClass} text-sm`}>
        Back to sign in
      </Link>
    </div>
  );
}
