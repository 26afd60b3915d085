/**
 * A list of MCP scope names as an admin types it: separated by spaces or commas, each 1–120 characters of letters,
 * digits and `. _ : / -`, at most 20, duplicates dropped, order kept.
 */
const SCOPE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}$/;
export const MAX_SCOPES = 20;

export function parseMcpScopeList(raw: string): { ok: true; scopes: string[] } | { ok: false } {
  const scopes = [...new Set(raw.split(/[\s,]+/).filter(Boolean))];
  if (scopes.length > MAX_SCOPES || !scopes.every((s) => SCOPE.test(s))) return { ok: false };
  return { ok: true, scopes };
}
