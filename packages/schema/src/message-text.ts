/*
 * Text from files (member names, variable names, area names) ends up in error messages printed on a
 * terminal and in API bodies. These helpers keep every message one line, bounded, and free of control
 * characters a file could use to forge output (ESC sequences, newlines, bidi overrides).
 */

/** C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates, BOM. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const CONTROL_TEST = new RegExp(CONTROL.source);

/** Longest message a user sees, in characters. */
export const MAX_MESSAGE_CHARS = 1000;

/** True when `text` holds a character `escapeControls` would escape. */
export function hasControlChars(text: string): boolean {
  return CONTROL_TEST.test(text);
}

/** Replaces control characters by visible escapes (`\n`, `\u001b`). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** A name from a file, quoted for a message: escaped, and cut to `max` characters. */
export function quoteForMessage(text: string, max = 120): string {
  const cut = text.length > max ? `${text.slice(0, max)}...(${text.length - max} more characters)` : text;
  return `"${escapeControls(cut.replace(/\\/g, "\\\\").replace(/"/g, '\\"'))}"`;
}

/** The first `max` items joined by ", ", then how many were left out. Items are used as given. */
export function listForMessage(items: readonly string[], max = 10): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/** Quoted names (see quoteForMessage), at most `max` of them, then how many were left out. */
export function quotedList(names: readonly string[], max = 10): string {
  const shown = names
    .slice(0, max)
    .map((n) => quoteForMessage(n, 60))
    .join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** One line of at most `max` characters: control characters escaped, the rest cut with a note. */
export function oneLineMessage(text: string, max = MAX_MESSAGE_CHARS): string {
  const line = escapeControls(text);
  return line.length > max ? `${line.slice(0, max)}... (${line.length - max} more characters)` : line;
}
