import type { Metadata } from "next";
import { Card, Page, linkClass } from "../_components/ui";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ email?: string | string[] }> }) {
  const { email } = await searchParams;
  return (
    <Page>
      <Card title="Forgot your password?" subtitle="Enter the email you sign in with, and we will mail you a link to choose a new password.">
        <ForgotPasswordForm initialEmail={typeof email === "string" && email.includes("@") ? email.slice(0, 254) : ""} />
        <p className="mt-6 text-center text-sm">
          <a className={linkClass} href="/login">
            Back to sign in
          </a>
        </p>
      </Card>
    </Page>
  );
}
