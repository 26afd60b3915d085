import { describe, expect, it } from "vitest";
import { parseSettings } from "@/lib/config/settings";
import { outboxEnabled } from "./mailer-for-settings";

const generated = { AUTH_SECRET: "a".repeat(43), MGMT_AUTH_SECRET: "b".repeat(43), SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64url") };
const production = { NODE_ENV: "production", AUTH_SECRET: "p".repeat(40), MGMT_AUTH_SECRET: "q".repeat(40), SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64") };

describe("outboxEnabled", () => {
  it("offers the Outbox page only outside production and only when mail is not really sent", () => {
    expect(outboxEnabled(parseSettings({}, generated))).toBe(true);
    expect(outboxEnabled(parseSettings({ SMTP_URL: "smtp://127.0.0.1:2525" }, generated))).toBe(false);
    expect(outboxEnabled(parseSettings({ ...production, SMTP_URL: "smtp://mail.example.com" }))).toBe(false);
    expect(outboxEnabled(parseSettings(production))).toBe(false);
  });
});
