import type { Metadata } from "next";
import Link from "next/link";
import { requireSignedInUser } from "@/lib/web/current-user";
import { SignOutButton } from "../../_components/sign-out-button";
import { Card, DefinitionList, Page } from "../../_components/ui";

export const metadata: Metadata = { title: "Signed in" };

/** Where every successful sign-in lands: who you are, in which tenant, with which role. */
export default async function SignedInPage() {
  const user = await requireSignedInUser();
  return (
    <Page>
      <Card title="You are signed in" subtitle="Here is the identity Gatehouse will pass on.">
        <DefinitionList
          items={[
            ["Name", user.name ?? "—"],
            [user.email ? "Email" : "Username", user.email || user.login || "—"],
            ["Tenant", user.tenant?.name ?? "No tenant"],
            ["Role", user.tenant ? (user.tenant.role === "admin" ? "Admin" : "Member") : "—"],
          ]}
        />
        <div className="mt-6 flex items-center justify-between">
          <Link
            href="/"
            className="inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            Continue to Gatehouse
          </Link>
          <SignOutButton />
        </div>
      </Card>
    </Page>
  );
}
