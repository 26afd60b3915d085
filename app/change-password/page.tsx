import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { getSignedInUser } from "@/lib/web/current-user";
import { SignOutButton } from "../_components/sign-out-button";
import { Card, Page } from "../_components/ui";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ChangePasswordPage() {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  if (!user.mustChangePassword) redirect("/");
  return (
    <Page>
      <Card
        title="Choose a new password"
        subtitle={
          <>
            You are signed in as <strong>{user.login ?? user.email}</strong> with a temporary password. Choose a new one to
            continue.
          </>
        }
      >
        <ChangePasswordForm login={user.login ?? user.email ?? ""} minLength={MIN_PASSWORD_LENGTH} />
        <div className="mt-4 flex justify-center">
          <SignOutButton />
        </div>
      </Card>
    </Page>
  );
}
