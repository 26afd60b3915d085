import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSignedInUser } from "@/lib/web/current-user";
import { Card, Page } from "../_components/ui";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ login_hint?: string | string[] }> }) {
  const user = await getSignedInUser();
  if (user) redirect(user.mustChangePassword ? "/change-password" : "/");
  const hint = (await searchParams).login_hint;
  return (
    <Page>
      <Card title="Sign in to Gatehouse" subtitle="Use your work email to continue.">
        <LoginForm initialLogin={typeof hint === "string" ? hint.slice(0, 254) : ""} />
      </Card>
    </Page>
  );
}
