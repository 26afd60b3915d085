import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { normalizeLoginIdentifier } from "@/lib/auth/login-identifier";
import { getSettings } from "@/lib/config/load-settings";
import { findSsoRouteForEmail } from "@/lib/domains/tenant-domains";
import { messageFor } from "@/lib/errors/user-messages";
import { isInteractionReturnPath } from "@/lib/oauth/paths";
import { getSignedInUser } from "@/lib/web/current-user";
import { Alert, Card, Page } from "../_components/ui";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type Search = { login_hint?: string | string[]; error?: string | string[]; return_to?: string | string[] };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { login_hint: hint, error, return_to: returnParam } = await searchParams;
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
        {typeof error === "string" ? <Alert>{messageFor(error)}</Alert> : null}
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
