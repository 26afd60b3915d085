import type { Metadata } from "next";
import { getDb } from "@/db/instance";
import { authPolicyOf, passwordAllowedFor } from "@/lib/auth/auth-policy";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { findInvitation } from "@/lib/tenancy/invitations";
import { systemClock } from "@/lib/time/clock";
import { getSignedInUser } from "@/lib/web/current-user";
import { Alert, Card, Page, linkClass } from "../../_components/ui";
import { InviteForms } from "./invite-forms";

export const metadata: Metadata = { title: "Invitation" };

/** A single-use invitation link: accept it signed in, or create a password account for the invited address. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findInvitation(getDb(), token, systemClock);
  if (!found.ok)
    return (
      <Page>
        <Card title="Invitation">
          <Alert>{messageFor(found.code)}</Alert>
          {/* Whoever used the link has an account now: the way on is to sign in. */}
          {found.code === "invitation_used" ? (
            <a
              href="/login"
              className="inline-flex w-full items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
            >
              Sign in
            </a>
          ) : null}
        </Card>
      </Page>
    );
  const { invitation } = found;
  const settings = getSettings();
  const user = await getSignedInUser();
  return (
    <Page>
      <Card
        title={`Join ${invitation.tenantName}`}
        subtitle={
          <>
            You are invited as {invitation.role === "admin" ? "an admin" : "a member"} ({invitation.email}).
          </>
        }
      >
        <InviteForms
          token={token}
          email={invitation.email}
          signedInAs={user && !user.mustChangePassword ? (user.name ?? user.email ?? user.login ?? "you") : null}
          passwordAllowed={passwordAllowedFor(authPolicyOf(settings), invitation.email)}
          microsoftLogin={settings.platformMicrosoft ? `/api/v1/auth/microsoft/login?return_to=${encodeURIComponent(`/invite/${token}`)}` : null}
        />
        {!user ? (
          <p className="mt-6 text-sm text-slate-600">
            Already have a Gatehouse account?{" "}
            <a className={linkClass} href="/login">
              Sign in
            </a>
            , then open this link again.
          </p>
        ) : null}
      </Card>
    </Page>
  );
}
