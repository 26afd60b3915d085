import type { Metadata } from "next";
import Link from "next/link";
import { messageFor } from "@/lib/errors/user-messages";
import { Card, Page, Reference, linkClass } from "../_components/ui";

export const metadata: Metadata = { title: "Sign-in problem" };

type Search = { error?: string | string[]; code?: string | string[]; ref?: string | string[] };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The clean error page: the meaning in plain words, the reference id support needs, and a way back. */
export default async function ErrorPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const code = first(params.code) ?? first(params.error);
  const reference = first(params.ref);
  return (
    <Page>
      <Card title="We could not sign you in">
        <p className="text-sm text-slate-700">{messageFor(code)}</p>
        <Reference value={reference && /^GH-[A-Z0-9-]{4,20}$/.test(reference) ? reference : undefined} />
        <p className="mt-6 text-sm">
          <Link href="/login" className={linkClass}>
            Back to sign in
          </Link>
        </p>
      </Card>
    </Page>
  );
}
