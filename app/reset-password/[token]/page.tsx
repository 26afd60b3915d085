import type { Metadata } from "next";
import { getDb } from "@/db/instance";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { openResetLink } from "@/lib/auth/password-reset";
import { messageFor } from "@/lib/errors/user-messages";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { Alert, Card, Page, linkClass } from "../../_components/ui";
import { ResetPasswordForm } from "./reset-password-form";

// The link carries the token: no Referer from this page gives it to anyone else.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** The link from the password reset mail: a form while the link is valid, otherwise why not and a way to a new one. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await openResetLink(getDb(), { token, clientIp: await getClientIp() }, systemClock);
  if (!found.ok)
    return (
      <Page>
        <Card title="Choose a new password">
          <Alert>{messageFor(found.code)}</Alert>
          <a className={`${linkClass} text-sm`} href="/forgot-password">
            Ask for a new link
          </a>
        </Card>
      </Page>
    );
  return (
    <Page>
      <Card title="Choose a new password" subtitle={<>For {found.login}. Every session of this account will be signed out.</>}>
        <ResetPasswordForm token={token} login={found.login} minLength={MIN_PASSWORD_LENGTH} />
      </Card>
    </Page>
  );
}
