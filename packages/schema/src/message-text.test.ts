import { describe, expect, it } from "vitest";
import {
  escapeControls,
  hasControlChars,
  oneLineMessage,
  quoteForMessage,
  quotedList,
} from "./message-text.ts";

// Issue 12, items 8 and 9: what a file names reaches a terminal only escaped, and never unbounded.
describe("message text", () => {
  it("escapes C0, C1, DEL, line separators and bidi controls; keeps other text", () => {
    expect(escapeControls("a\u001b[2Jb\nc\rd\te\u0000f\u009bg\u007fh\u2028i\u202ej")).toBe(
      "a\\u001b[2Jb\\nc\\rd\\te\\u0000f\\u009bg\\u007fh\\u2028i\\u202ej",
    );
    expect(escapeControls("V1 ümlaut 視覚野 🧠")).toBe("V1 ümlaut 視覚野 🧠");
    expect(hasControlChars("V1")).toBe(false);
    expect(hasControlChars("V1\u001b")).toBe(true);
  });

  it("quotes names escaped and cut, and lists at most ten", () => {
    expect(quoteForMessage('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
    expect(quoteForMessage("x".repeat(200), 10)).toBe('"xxxxxxxxxx...(190 more characters)"');
    const names = Array.from({ length: 200_000 }, (_, i) => `v${i}`);
    const list = quotedList(names);
    expect(list).toBe(
      `${names
        .slice(0, 10)
        .map((n) => `"${n}"`)
        .join(", ")} and 199990 more`,
    );
  });

  it("makes one line of at most 1,000 characters", () => {
    const line = oneLineMessage(`bad\n${"y".repeat(3_000_000)}`);
    expect(line.length).toBeLessThan(1100);
    expect(line).toMatch(/^bad\\nyyy.*\.\.\. \(\d+ more characters\)$/);
  });
});
