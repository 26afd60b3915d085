/**
 * Mail domains that belong to everyone: no tenant may claim them, or any stranger with a free mailbox there would be
 * routed into (or could be mistaken for a member of) that tenant.
 */
export const PUBLIC_MAIL_DOMAINS = new Set([
  "outlook.com", "hotmail.com", "live.com", "msn.com", "passport.com", "outlook.fr", "hotmail.co.uk", "hotmail.fr", "live.co.uk",
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "ymail.com", "rocketmail.com", "aol.com",
  "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de",
  "mail.com", "zoho.com", "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "126.com", "fastmail.com",
  "tutanota.com", "hey.com", "onmicrosoft.com",
]);

export function isPublicMailDomain(domain: string): boolean {
  return PUBLIC_MAIL_DOMAINS.has(domain) || domain.endsWith(".onmicrosoft.com");
}
