import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import { MAX_PASSWORD_LENGTH } from "./password-hash";

/**
 * What a new password must satisfy, after NIST SP 800-63B §5.1.1.2: a minimum length, no composition rules, and a
 * refusal of passwords found in lists of common or breached passwords, or estimated easy to guess, or derived from
 * the account itself. The lists and the estimate are zxcvbn-ts with its common dictionaries (passwords seen in
 * breaches, common words, keyboard patterns), all offline: no password ever leaves the process.
 * Returns the sentence to show, or undefined.
 */
export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score 3 ("safely unguessable: moderate protection from offline slow-hash scenario", ~10^8 guesses). */
const MIN_SCORE = 3;

// Built once: loading the dictionaries takes tens of milliseconds, checking a password a few.
let estimator: ZxcvbnFactory | undefined;
function estimate(password: string, userInputs: string[]): ZxcvbnResult {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: true });
  return estimator.check(password, userInputs);
}

export function checkNewPassword(password: string, context: { login: string; current?: string }): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return USER_MESSAGES.password_too_short;
  if (password.length > MAX_PASSWORD_LENGTH) return USER_MESSAGES.password_too_long;
  const lower = password.toLowerCase();
  const localPart = context.login.toLowerCase().split("@")[0] ?? "";
  if (localPart.length >= 4 && lower.includes(localPart)) return USER_MESSAGES.password_contains_login;
  if (context.current !== undefined && password === context.current) return USER_MESSAGES.password_same_as_current;
  const result = estimate(password, [context.login, localPart]);
  if (result.score >= MIN_SCORE) return undefined;
  // A password that is (or is a small change of) an entry of the breached-password list says so; others are weak.
  const breached = result.sequence.some((match) => match.pattern === "dictionary" && match.dictionaryName === "passwords-common");
  return breached ? USER_MESSAGES.password_common : USER_MESSAGES.password_weak;
}
