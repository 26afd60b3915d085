import { eq } from "drizzle-orm";
import { tenants } from "@/db/schema";
import { claimDomain, verifyDomain } from "@/lib/domains/tenant-domains";
import { getSettings } from "@/lib/config/load-settings";
import { SettingsError } from "@/lib/config/settings";
import { systemClock } from "@/lib/time/clock";
import { prepareDatabase } from "./prepare-database";

/**
 * `npm run tenant:domain -- <tenant-key> <domain>`: claims the domain for the tenant and marks it verified. Until
 * the console (and DNS TXT verification) exists, this is how the operator verifies a customer's domain.
 */
const [tenantKey, domainInput] = process.argv.slice(2);
if (!tenantKey || !domainInput) {
  console.error("Usage: npm run tenant:domain -- <tenant-key> <domain>");
  process.exit(2);
}
try {
  const database = await prepareDatabase(getSettings());
  const [tenant] = await database.db.select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.key, tenantKey));
  if (!tenant) throw new Error(`no tenant has the key "${tenantKey}"`);
  const claimed = await claimDomain(database.db, tenant.id, domainInput, systemClock);
  if (!claimed.ok)
    throw new Error({ domain_invalid: "that is not a domain name", domain_public: "public mail domains cannot be claimed", domain_taken: "another tenant owns that domain" }[claimed.code]);
  await verifyDomain(database.db, claimed.domain, systemClock);
  console.log(`${claimed.domain} is now a verified domain of ${tenant.name}.`);
  await database.close();
} catch (error) {
  console.error(error instanceof SettingsError ? error.message : `Could not verify the domain: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
