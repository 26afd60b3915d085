import { domainOfEmail } from "@/lib/domains/normalize-domain";
import { cleanText } from "@/lib/text/clean-text";

/**
 * Who an OpenID Connect sign-in says the person is, reduced to what Gatehouse keeps. The account key is immutable:
 * `tid:oid` for Microsoft Entra, `iss` + `sub` for other issuers. Name and e-mail are display data only — they are
 * refreshed at every sign-in and never used to find, link or authorize anyone.
 */
export type OidcIdentity = {
  provider: string;
  providerAccountId: string;
  /** Entra directory of the account, when the issuer is Entra. */
  tid: string | null;
  name: string | null;
  email: string | null;
  /** True only when the IdP vouches for the e-mail's domain (Entra: `xms_edov: true`). */
  emailDomainVerified: boolean;
};

const EMAIL = /^[^\s@\p{Cc}]{1,64}@[^\s@\p{Cc}]{1,253}\.[^\s@\p{Cc}]{2,63}$/u;

export function cleanEmail(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const email = value.normalize("NFKC").trim().toLowerCase();
  return EMAIL.test(email) && email.length <= 254 ? email : null;
}

export function cleanName(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const name = cleanText(value);
  return name ? name.slice(0, 200) : null;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

/** The e-mail domain the identity provider vouches for, in its stored (IDNA ASCII) form; null when none. */
export function vouchedDomainOf(identity: Pick<OidcIdentity, "email" | "emailDomainVerified">): string | null {
  return identity.email && identity.emailDomainVerified ? (domainOfEmail(identity.email) ?? null) : null;
}

/**
 * The e-mail the identity provider vouches for — the only address that may become the user's e-mail. An address
 * asserted without that (Entra without `xms_edov`) is kept apart as unverified and never blocks anyone.
 */
export function vouchedEmailOf(identity: Pick<OidcIdentity, "email" | "emailDomainVerified">): string | null {
  return identity.email && identity.emailDomainVerified ? identity.email : null;
}

/** How audit events name the person: the vouched address, else the immutable account key — never an unvouched claim. */
export function auditLabelOf(identity: Pick<OidcIdentity, "email" | "emailDomainVerified" | "providerAccountId">): string {
  return vouchedEmailOf(identity) ?? identity.providerAccountId;
}
