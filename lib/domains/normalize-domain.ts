import { domainToASCII } from "node:url";

/**
 * The one stored form of an e-mail domain: IDNA ASCII (punycode, so "bücher.example" and "xn--bcher-kva.example" are
 * the same row), lower-case, no trailing dot, every label valid. Undefined when the input is not a domain.
 */
export function normalizeDomain(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const trimmed = input.normalize("NFC").trim().replace(/\.$/, "");
  if (!trimmed || trimmed.length > 253 || /[\s@/:]/.test(trimmed)) return undefined;
  const ascii = domainToASCII(trimmed).toLowerCase();
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split(".");
  if (labels.length < 2) return undefined;
  const valid = labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
  return valid && /[a-z]/.test(labels.at(-1)!) ? ascii : undefined;
}

/** The domain of an e-mail address, normalised the same way. */
export function domainOfEmail(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  return at > 0 ? normalizeDomain(email.slice(at + 1)) : undefined;
}
