"use client";

import Link from "next/link";
import { messageFor } from "@/lib/errors/user-messages";
import { Card, Page, Reference, linkClass } from "./_components/ui";

/** Shown when a page fails unexpectedly: no stack trace, just the digest that matches the server log line. */
export default function UnexpectedError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Page>
      <Card title="Something went wrong">
        <p className="text-sm text-slate-700">{messageFor("unexpected")}</p>
        <Reference value={error.digest} />
        <div className="mt-6 flex gap-4 text-sm">
          <button type="button" onClick={reset} className={linkClass}>
            Try again
          </button>
          <Link href="/login" className={linkClass}>
            Back to sign in
          </Link>
        </div>
      </Card>
    </Page>
  );
}
