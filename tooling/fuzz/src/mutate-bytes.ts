import { BYTE_MUTATIONS as GENERIC } from "@neurotranslator/data/testing";
import { pick, randInt, type Rand } from "./random.ts";

/** Byte-level mutations of a seed input; each returns a new array and never modifies its input. */
export type ByteMutation = (bytes: Uint8Array, rand: Rand, corpus: readonly Uint8Array[]) => Uint8Array;

const INTERESTING_U32 = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

/** The NumPy fuzzer's format-blind byte mutations plus two more; the order fixes which one a seed picks. */
export const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  bitFlip: GENERIC.bitFlip,
  setBytes: GENERIC.setBytes,
  setU32: (b, rand) => {
    const out = b.slice();
    if (out.length < 4) return out;
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    view.setUint32(randInt(rand, out.length - 3), pick(rand, INTERESTING_U32), rand() < 0.5);
    return out;
  },
  truncate: GENERIC.truncate,
  appendGarbage: GENERIC.appendGarbage,
  // Repeats a slice in place: duplicated chunks, markers and tables.
  duplicate: (b, rand) => {
    if (b.length === 0) return b.slice();
    const from = randInt(rand, b.length);
    const len = 1 + randInt(rand, Math.min(256, b.length - from));
    const at = randInt(rand, b.length + 1);
    const out = new Uint8Array(b.length + len);
    out.set(b.subarray(0, at));
    out.set(b.subarray(from, from + len), at);
    out.set(b.subarray(at), at + len);
    return out;
  },
  splice: GENERIC.splice,
};

/** Applies 1-3 random mutations (from `extra` too, when given) to a random seed input; returns the bytes and the mutation names. */
export function mutateFromCorpus(
  corpus: readonly Uint8Array[],
  rand: Rand,
  extra: Record<string, ByteMutation> = {},
): { bytes: Uint8Array; mutations: string[] } {
  const all = { ...BYTE_MUTATIONS, ...extra };
  const names = Object.keys(all);
  let bytes = pick(rand, corpus);
  const mutations: string[] = [];
  for (let k = 1 + randInt(rand, 3); k > 0; k--) {
    const name = pick(rand, names);
    mutations.push(name);
    bytes = (all[name] as ByteMutation)(bytes, rand, corpus);
  }
  return { bytes, mutations };
}
