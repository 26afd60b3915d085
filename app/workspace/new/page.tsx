import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSignedInUser } from "@/lib/web/current-user";
import { SignOutButton } from "../../_components/sign-out-button";
import { Card, Page } from "../../_components/ui";
import { CreateWorkspaceForm } from "./create-workspace-form";

export const metadata: Metadata = { title: "Create your workspace" };

export default async function NewWorkspacePage() {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  if (user.tenant) redirect("/");
  return (
    <Page>
      <Card
        title="Create your workspace"
        subtitle={
          <>
            You are signed in as <strong>{user.name ?? user.email ?? "a Microsoft user"}</strong>, but your organization does not have
            a Gatehouse workspace yet. Create one; you will be its admin.
          </>
        }
      >
        <CreateWorkspaceForm />
        <div className="mt-4 flex justify-center">
          <SignOutButton />
        </div>
      </Card>
    </Page>
  );
}
