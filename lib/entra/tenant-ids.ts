/** Facts about Entra tenant identifiers that every Entra flow needs. */

/** The tenant that every personal Microsoft account (outlook.com, hotmail.com, …) signs in from. */
export const PERSONAL_ACCOUNTS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isTenantGuid(value: unknown): value is string {
  return typeof value === "string" && GUID.test(value);
}
