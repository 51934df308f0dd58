// Test support (not shipped): byte-level mutations of .npy/.npz files driven by a seeded PRNG, for the
// data tests that mutate archives and for the fuzzer (tooling/fuzz, `pnpm fuzz`).
import { pick, randInt, type Rand } from "./random.ts";

const INTERESTING_U32 = [
  0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
];
const INTERESTING_U64 = [0n, 1n, 0xffffffffn, 2n ** 53n, 2n ** 62n, 2n ** 63n, 2n ** 64n - 1n];
const SHAPES = [
  "(99999999999, 99999999999)",
  "(4611686018427387904,)",
  "(-1,)",
  "(0,)",
  "()",
  "(1" + "0".repeat(40) + ",)",
  "(2, 3, 4, 5, 6, 7)",
  "(3,",
  "(1,)*64",
];
const DESCRS = [
  "'<c16'",
  "'|O'",
  "'<f16'",
  "'>U99999999'",
  "'<U0'",
  "'|S0'",
  "'<V8'",
  "'<M8[ns]'",
  "'x'",
  "''",
  "[('a', '<f8')]",
  "'<f2'",
  "'>i8'",
  "'|b1'",
];
const ZIP_SIGS = [0x04034b50, 0x02014b50, 0x06054b50, 0x06064b50, 0x07064b50];

function findAll(bytes: Uint8Array, pattern: readonly number[]): number[] {
  const hits: number[] = [];
  outer: for (let i = 0; i + pattern.length <= bytes.length; i += 1) {
    for (let j = 0; j < pattern.length; j += 1) if (bytes[i + j] !== pattern[j]) continue outer;
    hits.push(i);
  }
  return hits;
}

function replaceText(bytes: Uint8Array, at: number, length: number, text: string): Uint8Array {
  const insert = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length - length + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + length), at + insert.length);
  return out;
}

/** Replaces the value of `'key': ` up to the next top-level ", '" in a header with `value`. */
function editHeaderValue(bytes: Uint8Array, key: string, value: string, rand: Rand): Uint8Array {
  const hits = findAll(bytes, [...new TextEncoder().encode(`'${key}': `)]);
  if (hits.length === 0) return bytes;
  const at = pick(rand, hits) + key.length + 4;
  let end = at;
  while (
    end < bytes.length &&
    end - at < 200 &&
    !(bytes[end] === 0x2c && bytes[end + 1] === 0x20 && (bytes[end + 2] === 0x27 || bytes[end + 2] === 0x7d))
  )
    end += 1;
  return replaceText(bytes, at, end - at, value);
}

export type Mutation = (bytes: Uint8Array, rand: Rand, corpus: readonly Uint8Array[]) => Uint8Array;

/** Format-blind byte mutations, shared with the fuzzer's other byte targets; each returns a new array. */
export const BYTE_MUTATIONS = {
  bitFlip: (b, rand) => {
    const out = b.slice();
    for (let k = 1 + randInt(rand, 8); k > 0 && out.length > 0; k -= 1) {
      const i = randInt(rand, out.length);
      out[i] = (out[i] as number) ^ (1 << randInt(rand, 8));
    }
    return out;
  },
  setBytes: (b, rand) => {
    const out = b.slice();
    for (let k = 1 + randInt(rand, 4); k > 0 && out.length > 0; k -= 1)
      out[randInt(rand, out.length)] = pick(rand, [0, 0xff, 0x7f, 0x80, randInt(rand, 256)]);
    return out;
  },
  truncate: (b, rand) => b.slice(0, randInt(rand, b.length + 1)),
  appendGarbage: (b, rand) => {
    const out = new Uint8Array(b.length + 1 + randInt(rand, 64));
    out.set(b);
    for (let i = b.length; i < out.length; i += 1) out[i] = randInt(rand, 256);
    return out;
  },
  splice: (b, rand, corpus) => {
    const other = pick(rand, corpus);
    const cut = randInt(rand, b.length + 1);
    const from = randInt(rand, other.length + 1);
    const out = new Uint8Array(cut + other.length - from);
    out.set(b.subarray(0, cut));
    out.set(other.subarray(from), cut);
    return out;
  },
} satisfies Record<string, Mutation>;

/** Named mutations for the NumPy readers (the order fixes which one a seed picks). */
export const NUMPY_MUTATIONS: Record<string, Mutation> = {
  bitFlip: BYTE_MUTATIONS.bitFlip,
  setBytes: BYTE_MUTATIONS.setBytes,
  truncate: BYTE_MUTATIONS.truncate,
  appendGarbage: BYTE_MUTATIONS.appendGarbage,
  hugeShape: (b, rand) => editHeaderValue(b, "shape", pick(rand, SHAPES), rand),
  badDescr: (b, rand) => editHeaderValue(b, "descr", pick(rand, DESCRS), rand),
  fortranFlag: (b, rand) =>
    editHeaderValue(b, "fortran_order", pick(rand, ["True", "False", "1", "None", "'yes'"]), rand),
  headerLength: (b, rand) => {
    const out = b.slice();
    const hits = findAll(out, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
    if (hits.length === 0) return out;
    const at = pick(rand, hits);
    const view = new DataView(out.buffer);
    if (rand() < 0.3 && at + 7 < out.length) out[at + 6] = pick(rand, [0, 1, 2, 3, 4, 255]);
    else if (at + 12 <= out.length) view.setUint32(at + 8, pick(rand, INTERESTING_U32), true);
    return out;
  },
  zipField: (b, rand) => {
    const out = b.slice();
    const sigs = ZIP_SIGS.flatMap((s) =>
      findAll(out, [s & 0xff, (s >> 8) & 0xff, (s >> 16) & 0xff, s >>> 24]),
    );
    if (sigs.length === 0) return out;
    const at = pick(rand, sigs) + 4 + 2 * randInt(rand, 24);
    const view = new DataView(out.buffer);
    if (at + 4 <= out.length) view.setUint32(at, pick(rand, INTERESTING_U32), true);
    else if (at + 2 <= out.length) view.setUint16(at, pick(rand, INTERESTING_U32) & 0xffff, true);
    return out;
  },
  zip64Extra: (b, rand) => {
    const out = b.slice();
    const hits = findAll(out, [0x01, 0x00]).filter((i) => i + 4 <= out.length);
    if (hits.length === 0) return out;
    const at = pick(rand, hits);
    const view = new DataView(out.buffer);
    if (rand() < 0.3) view.setUint16(at + 2, pick(rand, [0, 8, 16, 24, 0xffff]), true);
    else if (at + 4 + 8 * 3 <= out.length)
      view.setBigUint64(at + 4 + 8 * randInt(rand, 3), pick(rand, INTERESTING_U64), true);
    return out;
  },
  splice: BYTE_MUTATIONS.splice,
};
