import { MAX_PASSWORD_LENGTH } from "./password-hash";

/**
 * What a new password must satisfy, after NIST SP 800-63B: a minimum length, no composition rules, and a refusal of
 * passwords that are known-bad or derived from the account itself. Returns the message to show, or undefined.
 */
export const MIN_PASSWORD_LENGTH = 12;

const KNOWN_BAD = new Set([
  "admin", "administrator", "password", "password1", "password123", "passw0rd", "123456789012", "qwertyuiop",
  "letmein", "welcome", "changeme", "gatehouse", "iloveyou", "1q2w3e4r5t6y", "qwerty123456", "adminadmin",
]);

export function checkNewPassword(password: string, context: { login: string; current?: string }): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (KNOWN_BAD.has(lower) || /^(.)\1+$/.test(password)) return "This password is too easy to guess. Choose another.";
  const localPart = context.login.toLowerCase().split("@")[0] ?? "";
  if (localPart.length >= 4 && lower.includes(localPart))
    return "Your password must not contain your email or username.";
  if (context.current !== undefined && password === context.current) return "Choose a password different from your current one.";
  return undefined;
}
