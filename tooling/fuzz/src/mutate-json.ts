import { pick, randInt, type Rand } from "./random.ts";

/** Values a hostile or broken model.json / config might hold where something else belongs. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  -1,
  0,
  1.5,
  1e308,
  2 ** 53 + 2,
  "",
  "x",
  "../secret.bin",
  "/etc/passwd",
  "group1-shard1of1.bin/../../secret.bin",
  "%2e%2e/secret.bin",
  [],
  {},
  [null],
  [-1, 3],
  [1e9, 1e9, 1e9],
  ["a", "b"],
  true,
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  "'; drop table runs; --",
];

type Json = unknown;

/** Deeper fields are not edited: after wrapDeep the walk itself would overflow the stack. */
const MAX_SLOT_DEPTH = 64;

/** Every [container, key] in a JSON value down to MAX_SLOT_DEPTH, depth-first (so a random edit can hit any field). */
function slots(
  value: Json,
  out: [Record<string, Json> | Json[], string | number][] = [],
  depth = 0,
): [Record<string, Json> | Json[], string | number][] {
  if (depth > MAX_SLOT_DEPTH) return out;
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), slots(v, out, depth + 1)));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, Json>, k]);
      slots(v, out, depth + 1);
    }
  }
  return out;
}

/** Structural edits of a parsed JSON document (the input is deep-copied first). */
export const JSON_MUTATIONS: Record<string, (doc: Json, rand: Rand) => Json> = {
  replaceValue: (doc, rand) => {
    const all = slots(doc);
    if (all.length === 0) return pick(rand, HOSTILE_VALUES);
    const [container, key] = pick(rand, all);
    (container as Record<string, Json>)[key as string] = structuredClone(pick(rand, HOSTILE_VALUES));
    return doc;
  },
  deleteField: (doc, rand) => {
    const objects = slots(doc).filter(([c]) => !Array.isArray(c));
    if (objects.length === 0) return doc;
    const [container, key] = pick(rand, objects);
    delete (container as Record<string, Json>)[key as string];
    return doc;
  },
  duplicateElement: (doc, rand) => {
    const arrays = slots(doc).filter(([c]) => Array.isArray(c));
    if (arrays.length === 0) return doc;
    const [container, key] = pick(rand, arrays);
    const list = container as Json[];
    for (let k = randInt(rand, 3); k >= 0; k--) list.push(structuredClone(list[key as number]));
    return doc;
  },
  wrapDeep: (doc, rand) => {
    // Deep nesting: parsers and recursive walkers must not overflow the stack uncaught.
    let v: Json = doc;
    for (let k = pick(rand, [10, 200, 1000]); k > 0; k--) v = [v];
    return v;
  },
};

/** Text-level edits of a serialised document. */
export const TEXT_MUTATIONS: Record<string, (text: string, rand: Rand) => string> = {
  truncate: (t, rand) => t.slice(0, randInt(rand, t.length + 1)),
  flipChar: (t, rand) => {
    const i = randInt(rand, Math.max(1, t.length));
    return (
      t.slice(0, i) +
      pick(rand, ["{", "}", "[", "]", '"', ",", ":", "\\", "\u0000", "9", "-"]) +
      t.slice(i + 1)
    );
  },
  bom: (t) => `\ufeff${t}`,
  // Nesting deeper than any recursive walker survives (built as text: JSON.stringify would overflow).
  deepNest: (t, rand) => {
    const depth = pick(rand, [5000, 100_000]);
    return `${"[".repeat(depth)}${t}${"]".repeat(depth)}`;
  },
};

/** Applies 1-3 structural or text mutations to `doc`; returns the text and the mutation names. */
export function mutateJson(doc: Json, rand: Rand): { text: string; mutations: string[] } {
  let value = structuredClone(doc);
  const mutations: string[] = [];
  const structural = Object.keys(JSON_MUTATIONS);
  for (let k = 1 + randInt(rand, 3); k > 0; k--) {
    const name = pick(rand, structural);
    mutations.push(name);
    value = (JSON_MUTATIONS[name] as (d: Json, r: Rand) => Json)(value, rand);
  }
  let text = JSON.stringify(value);
  if (rand() < 0.3) {
    const name = pick(rand, Object.keys(TEXT_MUTATIONS));
    mutations.push(`text.${name}`);
    text = (TEXT_MUTATIONS[name] as (t: string, r: Rand) => string)(text, rand);
  }
  return { text, mutations };
}
