import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { normalizeLoginIdentifier } from "@/lib/auth/login-identifier";
import { getSettings } from "@/lib/config/load-settings";
import { findSsoRouteForEmail } from "@/lib/domains/tenant-domains";
import { idpMessage, messageFor, namesIdp, removedMessage } from "@/lib/errors/user-messages";
import { idpNameByKey } from "@/lib/sso/idp-name-by-key";
import { workspaceNameByKey } from "@/lib/tenancy/tenant-removals";
import { isInteractionReturnPath } from "@/lib/oauth/paths";
import { getSignedInUser } from "@/lib/web/current-user";
import { Alert, Card, Page, Reference } from "../_components/ui";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type Search = { login_hint?: string | string[]; error?: string | string[]; workspace?: string | string[]; ref?: string | string[]; return_to?: string | string[] };
const REFERENCE = /^GH-[A-Z0-9]{4}-[A-Z0-9]{4}$/;

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { login_hint: hint, error, workspace, ref, return_to: returnParam } = await searchParams;
  const returnTo = typeof returnParam === "string" && isInteractionReturnPath(returnParam) ? returnParam : undefined;
  const user = await getSignedInUser();
  if (user) redirect(user.mustChangePassword ? "/change-password" : (returnTo ?? "/"));
  // Arriving with a login_hint whose domain uses tenant SSO continues straight to that tenant's IdP.
  const hinted = typeof hint === "string" ? normalizeLoginIdentifier(hint) : undefined;
  const route = hinted?.includes("@") && !error ? await findSsoRouteForEmail(getDb(), hinted) : undefined;
  if (route && hinted) redirect(`/api/v1/auth/sso/${route.tenantKey}/login?login_hint=${encodeURIComponent(hinted)}${returnTo ? `&return_to=${encodeURIComponent(returnTo)}` : ""}`);
  return (
    <Page>
      <Card title="Sign in to Gatehouse" subtitle="Use your work email to continue.">
        {typeof error === "string" ? (
          <Alert>
            {await errorSentence(error, workspace)}
            <Reference value={typeof ref === "string" && REFERENCE.test(ref) ? ref : undefined} />
          </Alert>
        ) : null}
        <LoginForm
          initialLogin={typeof hint === "string" ? hint.slice(0, 254) : ""}
          microsoftEnabled={Boolean(getSettings().platformMicrosoft)}
          passwordNotAllowedMessage={messageFor("password_not_allowed")}
          returnTo={returnTo}
        />
      </Card>
    </Page>
  );
}

/** A removed person's refusal names the workspace, looked up by its key: the page never echoes text from the URL. */
async function errorSentence(error: string, workspace: string | string[] | undefined): Promise<string> {
  const key = typeof workspace === "string" ? workspace : undefined;
  if (error === "removed") {
    const name = key ? await workspaceNameByKey(getDb(), key) : undefined;
    return name ? removedMessage(name) : messageFor("sign_in_failed");
  }
  if (namesIdp(error)) {
    const idp = key ? await idpNameByKey(getDb(), key) : undefined;
    return idpMessage(error, idp ?? messageFor("sso_default_display_name"));
  }
  return messageFor(error);
}
