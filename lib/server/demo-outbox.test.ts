import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "@/e2e/support/smtp-sink";
import { startDemoOutbox } from "./demo-outbox";

let sink: SmtpSink;
let outbox: { url: string; stop(): Promise<void> };
beforeAll(async () => {
  sink = await startSmtpSink();
  outbox = await startDemoOutbox(sink.messages);
});
afterAll(async () => {
  await outbox?.stop();
  await sink?.stop();
});

describe("the demo's outbox", () => {
  it("lists the mail the demo's SMTP server received, newest first, with its links followable and its text escaped", async () => {
    expect(await (await fetch(outbox.url)).text()).toContain("No mail yet.");
    const transport = createTransport(sink.url);
    await transport.sendMail({ from: "gatehouse@demo.example", to: "ada@contoso.example", subject: "Reset your password", text: "Open http://localhost:3000/reset-password/abc <now>" });
    await transport.sendMail({ from: "gatehouse@demo.example", to: "bo@contoso.example", subject: "You are invited", text: "Join" });
    const page = await (await fetch(outbox.url)).text();
    expect(page.indexOf("You are invited")).toBeLessThan(page.indexOf("Reset your password"));
    expect(page).toContain('<a href="http://localhost:3000/reset-password/abc">http://localhost:3000/reset-password/abc</a> &lt;now&gt;');
    expect(page).toContain("To ada@contoso.example");
    expect((await fetch(`${outbox.url}other`)).status).toBe(404);
  });
});
