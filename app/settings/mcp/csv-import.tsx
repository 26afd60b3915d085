"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { secondaryButtonClass } from "../../_components/ui";

type Preview = { valid: number; invalid: number; message?: string; errors: { line: number; email: string; oid: string; messages: string[] }[] };
const ENDPOINT = "/api/v1/settings/mcp/users/import";

/** CSV bulk import: choose a file with a header row `email,oid`, see every row's errors, then import all or nothing. */
export function CsvImport() {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(commit: boolean) {
    if (!file) return;
    setBusy(true);
    setNotice(null);
    try {
      const response = await fetch(commit ? `${ENDPOINT}?commit=1` : ENDPOINT, { method: "POST", headers: { "content-type": "text/csv" }, body: await file.text() });
      const body = (await response.json()) as Partial<Preview> & { message?: string; imported?: number };
      if (response.ok && commit) {
        setPreview(null);
        setNotice({ ok: true, text: `${body.imported} imported.` });
        router.refresh();
      } else if (body.errors) {
        setPreview(body as Preview);
        if (body.message) setNotice({ ok: false, text: body.message });
      } else setNotice({ ok: false, text: body.message ?? `HTTP ${response.status}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mt-6 rounded-xl border border-dashed border-slate-300 p-4">
      <h3 className="text-sm font-semibold">Import a CSV</h3>
      <p className="mt-1 text-xs text-slate-500">A header row email,oid, then one person a row; up to 10,000 at once. Nothing is imported unless every row is valid.</p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <label htmlFor="csv-file" className="sr-only">
          CSV file
        </label>
        <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setPreview(null), setNotice(null))} className="text-sm" />
        <button type="button" disabled={!file || busy} onClick={() => void send(false)} className={`${secondaryButtonClass} disabled:opacity-70`}>
          Preview
        </button>
        {preview && preview.invalid === 0 && preview.valid > 0 ? (
          <button type="button" disabled={busy} onClick={() => void send(true)} className={`${secondaryButtonClass} disabled:opacity-70`}>
            Import {preview.valid} users
          </button>
        ) : null}
      </div>
      {preview ? (
        <p role="status" data-testid="csv-summary" className="mt-3 text-sm">
          {preview.valid} ready to import, {preview.invalid} with errors.
        </p>
      ) : null}
      {notice ? (
        <p role="status" className={`mt-2 text-sm ${notice.ok ? "text-green-800" : "text-red-800"}`}>
          {notice.text}
        </p>
      ) : null}
      {preview && preview.errors.length ? (
        <table className="mt-3 w-full text-left text-xs">
          <thead className="uppercase text-slate-500">
            <tr>
              <th className="py-1">Line</th>
              <th className="py-1">Email</th>
              <th className="py-1">Object ID</th>
              <th className="py-1">Problem</th>
            </tr>
          </thead>
          <tbody>
            {preview.errors.map((row) => (
              <tr key={row.line} className="border-t border-slate-100 align-top">
                <td className="py-1">{row.line}</td>
                <td className="py-1">{row.email}</td>
                <td className="py-1 font-mono">{row.oid}</td>
                <td className="py-1 text-red-800">{row.messages.join(" ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
