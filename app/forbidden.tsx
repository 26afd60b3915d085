import Link from "next/link";
import { messageFor } from "@/lib/errors/user-messages";
import { Card, Page, linkClass } from "./_components/ui";

/** 403 for a signed-in member who opens a page for their workspace's admins (Next.js `forbidden()`). */
export default function Forbidden() {
  return (
    <Page>
      <Card title={messageFor("settings_admins_only")}>
        <p className="text-sm text-slate-700">Ask an admin of your workspace if something here needs changing.</p>
        <p className="mt-6 text-sm">
          <Link href="/" className={linkClass}>
            Go to Gatehouse
          </Link>
        </p>
      </Card>
    </Page>
  );
}
