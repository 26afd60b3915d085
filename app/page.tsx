import { requireSignedInUser } from "@/lib/web/current-user";
import { AccountSummary } from "./_components/account-summary";
import { SignOutButton } from "./_components/sign-out-button";
import { Card, Page } from "./_components/ui";

export default async function HomePage() {
  const user = await requireSignedInUser();
  return (
    <Page>
      <Card title={`Welcome, ${user.name ?? user.login ?? "there"}`} subtitle="Your Gatehouse account">
        <AccountSummary />
        <div className="mt-6 flex justify-end">
          <SignOutButton />
        </div>
      </Card>
    </Page>
  );
}
