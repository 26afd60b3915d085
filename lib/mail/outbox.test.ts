import { describe, expect, it } from "vitest";
import { frozenClock } from "@/lib/time/clock";
import { createOutboxMailer, outboxEntries } from "./outbox";

describe("createOutboxMailer", () => {
  it("writes the message to the log and keeps it for the Outbox page, newest first", async () => {
    const lines: string[] = [];
    const mailer = createOutboxMailer({ from: "no-reply@localhost", log: (l) => lines.push(l), clock: frozenClock("2026-11-28T10:00:00Z") });
    await mailer.send({ to: "first@example.com", subject: "First", text: "one" });
    await mailer.send({ to: "second@example.com", subject: "Second", text: "two https://link" });
    expect(lines[1]).toContain("second@example.com");
    expect(lines[1]).toContain("two https://link");
    const [newest, older] = outboxEntries();
    expect(newest).toMatchObject({ to: "second@example.com", subject: "Second", from: "no-reply@localhost" });
    expect(older).toMatchObject({ to: "first@example.com" });
  });
});
