import Link from "next/link";
import { messageFor } from "@/lib/errors/user-messages";
import { Card, Page, linkClass } from "./_components/ui";

export default function NotFound() {
  return (
    <Page>
      <Card title="Page not found">
        <p className="text-sm text-slate-700">{messageFor("not_found")}</p>
        <p className="mt-6 text-sm">
          <Link href="/" className={linkClass}>
            Go to Gatehouse
          </Link>
        </p>
      </Card>
    </Page>
  );
}
