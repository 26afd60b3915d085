import { cleanText } from "@/lib/text/clean-text";

/** A workspace name as typed: NFC, control characters removed, trimmed, 2 to 80 characters; undefined otherwise. */
export function cleanWorkspaceName(input: unknown): string | undefined {
  const name = cleanText(input);
  return [...name].length < 2 || [...name].length > 80 ? undefined : name;
}
