import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReceivedMail } from "@/e2e/support/smtp-sink";

/**
 * The demo's Outbox: the mail Gatehouse sent to the demo's SMTP server on loopback (password resets, invitations),
 * newest first, as one plain page with its links clickable. The demo runs the production build, where Gatehouse's own
 * /outbox does not exist, so the demo process serves this beside it.
 */
export async function startDemoOutbox(messages: readonly ReceivedMail[], port = 0): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || new URL(req.url ?? "/", "http://outbox.invalid").pathname !== "/") return void res.writeHead(404).end("Not found");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(outboxPage(messages));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function outboxPage(messages: readonly ReceivedMail[]): string {
  const items = [...messages]
    .reverse()
    .map(
      (mail) =>
        `<li><p><strong>${escapeHtml(mail.subject)}</strong></p><p class="to">To ${escapeHtml(mail.to.join(", "))}</p><pre>${linkify(escapeHtml(mail.text))}</pre></li>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Outbox · Gatehouse demo</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#0f172a}li{border:1px solid #e2e8f0;border-radius:.5rem;padding:.75rem;margin:0 0 1rem;list-style:none}ul{padding:0}pre{white-space:pre-wrap;word-break:break-word;font:inherit}.to{color:#64748b;font-size:13px;margin:0}</style>
</head><body><h1>Outbox</h1><p>Mail Gatehouse sent in this demo, newest first. Reload to see new mail.</p>
${messages.length ? `<ul>${items}</ul>` : "<p>No mail yet.</p>"}
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}
