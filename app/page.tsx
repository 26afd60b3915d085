import Link from "next/link";
import { requireSignedInUser } from "@/lib/web/current-user";
import { AccountSummary } from "./_components/account-summary";
import { SignOutButton } from "./_components/sign-out-button";
import { Card, Page, linkClass } from "./_components/ui";

export default async function HomePage() {
  const user = await requireSignedInUser();
  return (
    <Page>
      <Card title={`Welcome, ${user.name ?? user.login ?? "there"}`} subtitle="Your Gatehouse account">
        <AccountSummary />
        <div className="mt-6 flex items-center justify-between">
          {user.tenant.role === "admin" ? (
            <Link href="/settings/sso" className={`${linkClass} text-sm`}>
              Workspace settings
            </Link>
          ) : (
            <span />
          )}
          <SignOutButton />
        </div>
      </Card>
    </Page>
  );
}
