import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { getSignedInStaff } from "@/lib/web/current-staff";
import { Alert, Card, Page, Reference } from "../../_components/ui";

export const metadata: Metadata = { title: "Console sign-in" };

type Search = { error?: string | string[]; ref?: string | string[]; aadsts?: string | string[] };
const first = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function ConsoleSignInPage({ searchParams }: { searchParams: Promise<Search> }) {
  if (await getSignedInStaff()) redirect("/manage");
  const params = await searchParams;
  const error = first(params.error);
  const aadsts = first(params.aadsts);
  const configured = Boolean(getSettings().mgmtMicrosoft);
  return (
    <Page>
      <Card title="Gatehouse console" subtitle="For the operator's staff. Sign in with your staff Microsoft account.">
        {error ? (
          <Alert>
            {messageFor(error)}
            {aadsts && /^AADSTS\d{4,9}$/.test(aadsts) ? <span className="block">Microsoft error code: {aadsts}</span> : null}
            <Reference value={first(params.ref)} />
          </Alert>
        ) : null}
        {configured ? (
          <form method="get" action="/api/v1/manage/sign-in">
            <button
              type="submit"
              className="inline-flex w-full items-center justify-center gap-2 rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
            >
              Sign in with Microsoft
            </button>
          </form>
        ) : (
          <Alert tone="info">{messageFor("console_not_configured")}</Alert>
        )}
      </Card>
    </Page>
  );
}
