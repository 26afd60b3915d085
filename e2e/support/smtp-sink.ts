import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback that keeps what it receives, so tests read the mail Gatehouse actually sent over
 * the wire. No TLS and no authentication: it listens on 127.0.0.1 only.
 */
export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; raw: string };

export type SmtpSink = {
  url: string;
  messages: ReceivedMail[];
  /** Waits for the next message to `to` that arrived after `since` messages (default: any not yet read). */
  waitForMail(to: string, options?: { timeoutMs?: number; after?: number }): Promise<ReceivedMail>;
  stop(): Promise<void>;
};

/**
 * `spoolFile`: also append each message to this file as one JSON line, for tests in other processes (the browser
 * tests' sink runs in the web server's process; see readSpooledMail). `onMail`: told of each message as it arrives
 * (a demo can print it).
 */
export async function startSmtpSink(options: { spoolFile?: string; onMail?: (mail: ReceivedMail) => void } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const mail = { from, to: session.envelope.rcptTo.map((r) => r.address), ...parseMessage(raw), raw };
        messages.push(mail);
        if (options.spoolFile) appendFileSync(options.spoolFile, `${JSON.stringify(mail)}\n`);
        options.onMail?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitForMail(to, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      const after = options.after ?? 0;
      for (;;) {
        const found = messages.slice(after).find((m) => m.to.includes(to));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived within ${options.timeoutMs ?? 10_000} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits for a message to `to` in a sink's spool file, skipping the first `after` messages of the file. */
export async function readSpooledMail(spoolFile: string, to: string, options: { timeoutMs?: number; after?: number } = {}): Promise<ReceivedMail> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const found = spooledMail(spoolFile)
      .slice(options.after ?? 0)
      .find((m) => m.to.includes(to));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived within ${options.timeoutMs ?? 10_000} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function spooledMail(spoolFile: string): ReceivedMail[] {
  if (!existsSync(spoolFile)) return [];
  return readFileSync(spoolFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ReceivedMail);
}

/** Subject and plain-text body of a single-part message, transfer encoding undone. */
function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8")
      : encoding === "base64"
        ? Buffer.from(body, "base64").toString("utf8")
        : body;
  return { subject: decodeWords(header("Subject")), text: text.replace(/\r\n/g, "\n").trimEnd() };
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), which nodemailer uses for non-ASCII subjects. */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
    kind.toLowerCase() === "b"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
  );
}
