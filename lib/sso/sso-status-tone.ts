import { USER_MESSAGES } from "@/lib/errors/user-messages";
import type { SsoStatus } from "./sso-status";

/**
 * How loudly a status should read, wherever it is shown (the settings card, the console's tenant list and page):
 * `active` when people can sign in with it, `attention` when it is on but not yet reaching anyone, `off` when it is
 * off or not set up, `failing` when sign-in through it would fail.
 */
export type SsoStatusTone = "active" | "attention" | "off" | "failing";

const TONES: Record<SsoStatus, SsoStatusTone> = {
  [USER_MESSAGES.sso_status_visible]: "active",
  [USER_MESSAGES.sso_status_no_verified_domain]: "attention",
  [USER_MESSAGES.sso_status_off]: "off",
  [USER_MESSAGES.sso_status_not_configured]: "off",
  [USER_MESSAGES.sso_status_secret_expired]: "failing",
};

export function ssoStatusTone(status: SsoStatus): SsoStatusTone {
  return TONES[status];
}
