/**
 * What a person types in the first field of /login: an e-mail address, or a username such as the break-glass
 * `admin`. Normalised the way it is stored: NFKC, trimmed, lower-case. Returns undefined for input that cannot be
 * either, so the form can say so before anything else happens.
 */
export const MAX_LOGIN_LENGTH = 254;

const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const EMAIL = /^[^\s@\p{Cc}]{1,64}@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]{2,}$/u;

export function normalizeLoginIdentifier(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const value = input.normalize("NFKC").trim().toLowerCase();
  if (!value || value.length > MAX_LOGIN_LENGTH) return undefined;
  if (value.includes("@") ? !EMAIL.test(value) : !USERNAME.test(value)) return undefined;
  return value;
}
