/** A workspace name as typed: NFC, control characters removed, trimmed, 2 to 80 characters; undefined otherwise. */
export function cleanWorkspaceName(input: unknown): string | undefined {
  const name = typeof input === "string" ? input.normalize("NFC").replace(/\p{Cc}/gu, "").trim() : "";
  return [...name].length < 2 || [...name].length > 80 ? undefined : name;
}
