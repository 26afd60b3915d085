/** `%`, `_` and `\` typed by a person are matched literally in a LIKE pattern, not as wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern that finds `text` anywhere in a value. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
