import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { interactionView } from "@/lib/oauth/interaction";
import { interactionDecisionPath, interactionPath, isInteractionId } from "@/lib/oauth/paths";
import { publishedAuthorizationServer } from "@/lib/oauth/published-authorization-server";
import { systemClock } from "@/lib/time/clock";
import { getSignedInUser } from "@/lib/web/current-user";
import { Alert, Card, DefinitionList, Page, secondaryButtonClass } from "../../../_components/ui";

export const metadata: Metadata = { title: "Allow access?" };

/**
 * The consent page of an authorization: which application, where it sends the person back, for which workspace and
 * what it may do. "Allow" and "Deny" post to the interaction route, which ends the authorization.
 */
export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  if (!isInteractionId(uid)) notFound();
  const user = await getSignedInUser();
  if (!user || user.mustChangePassword) redirect(`/login?return_to=${encodeURIComponent(interactionPath(uid))}`);
  const server = publishedAuthorizationServer();
  const view = server ? await interactionView({ provider: server.provider(), db: getDb(), clock: systemClock, apiPublicUrl: getSettings().apiPublicUrl }, uid) : undefined;
  if (!view)
    return (
      <Page>
        <Card title={messageFor("oauth_consent_title")}>
          <Alert>{messageFor("oauth_interaction_expired")}</Alert>
        </Card>
      </Page>
    );
  const scopes = view.scopes.length ? view.scopes : ["mcp"];
  return (
    <Page>
      <Card title={messageFor("oauth_consent_title")} subtitle={<strong className="text-slate-900">{view.clientName}</strong>}>
        <DefinitionList
          items={[
            ["Application", view.clientName],
            ["Redirects to", <code key="host" className="font-mono">{view.redirectHost}</code>],
            ["Workspace", user.tenant?.name ?? "—"],
            ["Signed in as", user.email ?? user.login ?? user.name ?? user.id],
          ]}
        />
        <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-slate-700" aria-label="What it may do">
          {scopes.map((scope) => (
            <li key={scope}>{messageFor(`oauth_scope_${scope}`) === messageFor(null) ? scope : messageFor(`oauth_scope_${scope}`)}</li>
          ))}
        </ul>
        <p className="mt-4 text-sm text-slate-600">{messageFor("oauth_consent_explanation")}</p>
        <form method="post" action={interactionDecisionPath(uid)} className="mt-6 flex gap-3">
          <button
            type="submit"
            name="decision"
            value="allow"
            className="inline-flex flex-1 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            Allow
          </button>
          <button type="submit" name="decision" value="deny" className={`${secondaryButtonClass} flex-1`}>
            Deny
          </button>
        </form>
      </Card>
    </Page>
  );
}
