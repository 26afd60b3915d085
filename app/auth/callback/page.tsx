import type { Metadata } from "next";
import Link from "next/link";
import { getSettings } from "@/lib/config/load-settings";
import { requireSignedInUser } from "@/lib/web/current-user";
import { SignOutButton } from "../../_components/sign-out-button";
import { Card, DefinitionList, Page, linkClass } from "../../_components/ui";

export const metadata: Metadata = { title: "Signed in" };

/** Where every successful sign-in lands: where the person is (workspace, role), and the way on to the app. */
export default async function SignedInPage() {
  const user = await requireSignedInUser();
  const { appBaseUrl, apiPublicUrl } = getSettings();
  const role = user.tenant.role === "admin" ? "Admin" : "Member";
  // When the app is Gatehouse itself (APP_BASE_URL unset), onward is Gatehouse's home; otherwise the product's.
  const onward = appBaseUrl === apiPublicUrl ? "Continue to Gatehouse" : `Continue to ${new URL(appBaseUrl).host}`;
  return (
    <Page>
      <Card
        title="You are signed in"
        subtitle={
          <>
            You are in <strong data-testid="landing-workspace">{user.tenant.name}</strong> as{" "}
            <strong data-testid="landing-role">{user.tenant.role === "admin" ? "an admin" : "a member"}</strong>.
          </>
        }
      >
        <DefinitionList
          items={[
            ["Name", user.name ?? "—"],
            [user.email ? "Email" : "Username", <span key="login" className="break-all">{user.email || user.login || "—"}</span>],
            ["Workspace", user.tenant.name],
            ["Role", role],
          ]}
        />
        <div className="mt-6 flex flex-wrap items-center justify-between gap-3">
          <a
            href={`${appBaseUrl}/`}
            className="inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            {onward}
          </a>
          <Link href="/account" className={`${linkClass} text-sm`}>
            My account
          </Link>
          <SignOutButton />
        </div>
      </Card>
    </Page>
  );
}
