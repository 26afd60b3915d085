import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { loadAccountOverview, type AccountSignInMethod } from "@/lib/account/account-overview";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { messageFor } from "@/lib/errors/user-messages";
import { systemClock } from "@/lib/time/clock";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { requireSignedInUser } from "@/lib/web/current-user";
import { readSessionToken } from "@/lib/web/session-cookie";
import { SignOutButton } from "../_components/sign-out-button";
import { DefinitionList, linkClass } from "../_components/ui";
import { ChangePasswordSection } from "./change-password-section";
import { OtherSessionsButton } from "./other-sessions-button";

export const metadata: Metadata = { title: "My account" };

const SESSION_METHOD = { password: "Password", microsoft: "Microsoft", tenant_sso: "Single sign-on" } as const;

/** The provider id of a workspace's SSO is `t-<workspace key>`. */
function methodLabel(method: AccountSignInMethod): string {
  if (method.kind === "password") return `Password (${method.login})`;
  if (method.kind === "microsoft") return "Microsoft";
  return `Single sign-on (${method.provider.slice(2)})`;
}

/** My account: who I am, how I sign in, my password, my sessions. */
export default async function AccountPage({ searchParams }: { searchParams: Promise<{ changed?: string | string[] }> }) {
  const { changed } = await searchParams;
  const user = await requireSignedInUser();
  const sessionToken = await readSessionToken();
  const overview = await loadAccountOverview(getDb(), { userId: user.id, sessionToken }, systemClock);
  if (!overview) redirect("/login");
  const password = overview.methods.find((m) => m.kind === "password");
  const others = overview.sessions.filter((s) => !s.current).length;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <Link href="/" className="flex items-center gap-2 font-semibold text-slate-800">
            <span className="inline-flex h-7 w-7 items-center justify-center rounded-lg bg-brand-600 text-xs font-bold text-white">G</span>
            {user.tenant.name}
          </Link>
          <SignOutButton />
        </div>
      </header>
      <main className="mx-auto max-w-3xl space-y-8 px-4 py-8 sm:px-6">
        <h1 className="text-xl font-semibold tracking-tight">My account</h1>

        <section aria-labelledby="profile">
          <h2 id="profile" className="mb-2 font-semibold">Profile</h2>
          <DefinitionList
            items={[
              ["Name", overview.name ?? "—"],
              ["Email", <span key="e" className="break-all">{overview.email ?? "—"}</span>],
              ["Workspace", `${user.tenant.name} · ${user.tenant.role === "admin" ? "Admin" : "Member"}`],
            ]}
          />
        </section>

        <section aria-labelledby="sign-in-methods">
          <h2 id="sign-in-methods" className="mb-2 font-semibold">How you sign in</h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="sign-in-methods">
            {overview.methods.map((m) => (
              <li key={m.kind === "sso" ? m.provider : m.kind} className="break-all px-4 py-2.5">
                {methodLabel(m)}
              </li>
            ))}
          </ul>
        </section>

        {password ? (
          <section aria-labelledby="change-password" className="max-w-md">
            <h2 id="change-password" className="mb-2 font-semibold">Change password</h2>
            <ChangePasswordSection
              login={password.login}
              minLength={MIN_PASSWORD_LENGTH}
              changed={changed === "password" ? messageFor("password_changed") : undefined}
            />
          </section>
        ) : null}

        <section aria-labelledby="sessions">
          <h2 id="sessions" className="mb-2 font-semibold">Active sessions</h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="sessions">
            {overview.sessions.map((s, index) => (
              <li key={index} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2.5">
                <span>
                  {s.signInMethod ? SESSION_METHOD[s.signInMethod] : "Sign-in"} · since {formatUtcDateTime(s.createdAt)}
                </span>
                {s.current ? <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-800">This browser</span> : null}
              </li>
            ))}
          </ul>
          <OtherSessionsButton others={others} />
        </section>

        <section aria-labelledby="api-keys">
          <h2 id="api-keys" className="mb-2 font-semibold">API keys</h2>
          <p className="text-sm">
            <Link className={linkClass} href="/account/api-keys">
              Manage API keys
            </Link>
          </p>
        </section>

        <p className="text-sm">
          <Link className={linkClass} href="/">
            Back
          </Link>
        </p>
      </main>
    </div>
  );
}
