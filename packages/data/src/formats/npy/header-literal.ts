import { NtError } from "@neurotranslator/schema";

/** A Python literal value as found in .npy headers. Ints are bigint so no digit is lost. */
export type PyValue = string | boolean | null | bigint | PyTuple | PyList | PyDict;
export interface PyTuple {
  kind: "tuple";
  items: PyValue[];
}
export interface PyList {
  kind: "list";
  items: PyValue[];
}
export interface PyDict {
  kind: "dict";
  entries: Map<string, PyValue>;
}

const MAX_DEPTH = 8;

/**
 * Strict parser for the Python literal in a .npy header: dicts with string keys, strings
 * (no escapes), True/False/None, integers (with Python 2's `L` suffix, as NumPy tolerates),
 * tuples and lists. No evaluation; anything else is a FORMAT error naming the position.
 */
export function parsePyLiteral(text: string, label: string): PyValue {
  let pos = 0;
  const fail = (what: string): never => {
    throw new NtError(
      "FORMAT",
      `${label}: cannot parse header at character ${pos}: ${what} in ${JSON.stringify(text.slice(0, 200))}`,
    );
  };
  const skipSpace = (): void => {
    while (pos < text.length && " \t\n\r\f\v".includes(text[pos] ?? "")) pos += 1;
  };
  const expect = (ch: string): void => {
    skipSpace();
    if (text[pos] !== ch) fail(`expected "${ch}"`);
    pos += 1;
  };

  const parseString = (): string => {
    const quote = text[pos];
    pos += 1;
    const start = pos;
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === "\\" || text[pos] === "\n") fail("escape or newline in string");
      pos += 1;
    }
    if (pos >= text.length) fail("unterminated string");
    const value = text.slice(start, pos);
    pos += 1;
    return value;
  };

  const parseSequence = (close: string, depth: number): { items: PyValue[]; trailingComma: boolean } => {
    const items: PyValue[] = [];
    let trailingComma = false;
    for (;;) {
      skipSpace();
      if (text[pos] === close) break;
      items.push(parseValue(depth + 1));
      skipSpace();
      trailingComma = false;
      if (text[pos] === ",") {
        pos += 1;
        trailingComma = true;
        continue;
      }
      if (text[pos] !== close) fail(`expected "," or "${close}"`);
    }
    pos += 1;
    return { items, trailingComma };
  };

  const parseValue = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail("nesting too deep");
    skipSpace();
    const ch = text[pos];
    if (ch === "'" || ch === '"') return parseString();
    if (ch === "{") {
      pos += 1;
      const entries = new Map<string, PyValue>();
      for (;;) {
        skipSpace();
        if (text[pos] === "}") break;
        const keyChar = text[pos];
        if (keyChar !== "'" && keyChar !== '"') fail("dict key is not a string");
        const key = parseString();
        if (entries.has(key)) fail(`duplicate key '${key}'`);
        expect(":");
        entries.set(key, parseValue(depth + 1));
        skipSpace();
        if (text[pos] === ",") pos += 1;
        else if (text[pos] !== "}") fail('expected "," or "}"');
      }
      pos += 1;
      return { kind: "dict", entries };
    }
    if (ch === "(") {
      pos += 1;
      const { items, trailingComma } = parseSequence(")", depth);
      // (x) is just x in Python; (x,) is a tuple.
      if (items.length === 1 && !trailingComma) return items[0] as PyValue;
      return { kind: "tuple", items };
    }
    if (ch === "[") {
      pos += 1;
      return { kind: "list", items: parseSequence("]", depth).items };
    }
    const word = /^(?:True|False|None|[+-]?\d+[lL]?)/.exec(text.slice(pos, pos + 40));
    if (!word) return fail("unexpected token");
    const token = word[0];
    const next = text[pos + token.length];
    if (next !== undefined && /[\w.]/.test(next)) fail("unexpected token");
    pos += token.length;
    if (token === "True") return true;
    if (token === "False") return false;
    if (token === "None") return null;
    const digits = token.replace(/[lL]$/, "");
    if (digits.replace(/^[+-]/, "").length > 30) fail("integer too long");
    return BigInt(digits);
  };

  const value = parseValue(0);
  skipSpace();
  if (pos !== text.length) fail("unexpected text after the literal");
  return value;
}
