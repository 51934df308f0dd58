import { copyFileSync, rmSync } from "node:fs";
import { NtError } from "@neurotranslator/data/errors";
import { readMat, type MatFile } from "@neurotranslator/data/formats";
import { MAT_FUZZ_LIMITS } from "./mat-target.ts";
import { dataFixturesDir, readSeedFiles } from "./fixtures.ts";
import { mutateFromCorpus, type ByteMutation } from "./mutate-bytes.ts";
import { pick, randInt } from "./random.ts";
import { caseTarget, type FuzzTarget } from "./target.ts";

/** Where the seeds point (test/fixtures/mat/external/SOURCE.md); written at start, removed at close. */
const CANARY_BIN = "/tmp/nt-fuzz-canary.bin";
const CANARY_H5 = "/tmp/nt-fuzz-canary.h5";
const CANARY_TEXT = "NTCANARY";
const CANARY_FLOAT = Math.fround(12345.678);

/** Names a mutated reference may take instead of a canary's (same length or shorter, NUL-padded). */
const OTHER_PATHS = [
  "/etc/passwd",
  "/dev/stdin",
  "/dev/zero",
  "/proc/self/fd/0",
  "input.mat",
  "../../../etc/hosts",
  "/tmp/nt-fuzz-canary.bin",
  "/tmp/nt-fuzz-canary.h5",
];

/** Replaces every canary path in the file by another path (NUL-padded to the same length). */
const retarget: ByteMutation = (bytes, rand) => {
  const out = bytes.slice();
  const target = new TextEncoder().encode(pick(rand, OTHER_PATHS));
  for (const canary of [CANARY_BIN, CANARY_H5].map((p) => new TextEncoder().encode(p))) {
    for (let at = indexOf(out, canary); at >= 0; at = indexOf(out, canary, at + 1)) {
      out.fill(0, at, at + canary.length);
      out.set(target.subarray(0, canary.length), at);
    }
  }
  return out;
};

/** Cuts a byte of a canary path, so HDF5 looks for a neighbour of it. */
const nudgePath: ByteMutation = (bytes, rand) => {
  const out = bytes.slice();
  const at = indexOf(out, new TextEncoder().encode("/tmp/nt-fuzz-canary"));
  if (at >= 0) out[at + 1 + randInt(rand, 18)] = pick(rand, [0x2e, 0x2f, 0x00, 0x41]);
  return out;
};

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** True when decoded data holds a canary's bytes: data from outside the input reached us. */
function leaked(data: unknown): boolean {
  if (Array.isArray(data)) return data.some((s) => typeof s === "string" && s.includes(CANARY_TEXT));
  if (data instanceof Float32Array) return data.includes(CANARY_FLOAT);
  if (!ArrayBuffer.isView(data)) return false;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return indexOf(bytes, new TextEncoder().encode(CANARY_TEXT)) >= 0;
}

/**
 * MAT v7.3 files whose `stimTrn` reaches outside the file (external raw storage, external links,
 * virtual datasets, soft links through external links, plugin filters), byte-mutated and with their
 * references retargeted (/etc/passwd, /dev/stdin, relative names, neighbours of the canaries). The
 * contract: each case ends in acceptance or an NtError within the time limit, and no decoded variable
 * holds a canary's bytes (the files the seeds point at exist, so a followed reference would show).
 */
export async function hdf5ExternalTarget(): Promise<FuzzTarget> {
  const dir = dataFixturesDir("mat/external");
  copyFileSync(`${dir}/canary.bin.data`, CANARY_BIN);
  copyFileSync(`${dir}/canary.h5.data`, CANARY_H5);
  const corpus = readSeedFiles(dir, [".mat"]);
  for (const seed of corpus) (await readMat(seed, { source: "seed.mat" }).catch(() => undefined))?.close();
  return caseTarget(
    "hdf5-external",
    (rand) => {
      const { bytes, mutations } = mutateFromCorpus(corpus, rand, {
        retarget,
        nudgePath,
        retargetAgain: retarget,
      });
      return {
        mutations,
        // Every variable is read: the reference must be refused, its neighbours still read.
        async run() {
          let mat: MatFile | undefined;
          let refused: string | undefined;
          try {
            mat = await readMat(bytes, { source: "fuzz.mat", limits: MAT_FUZZ_LIMITS });
            for (const name of mat.names) {
              try {
                if (leaked(mat.get(name).data))
                  return `variable "${name}" holds bytes of a file outside the input`;
              } catch (error) {
                if (!(error instanceof NtError)) throw error;
                if (/NTCANARY|12345\.678/.test(error.message))
                  return `variable "${name}": the error quotes a canary`;
                refused ??= error.code;
              }
            }
            return refused === undefined ? undefined : { refused };
          } finally {
            mat?.close();
          }
        },
      };
    },
    async () => {
      rmSync(CANARY_BIN, { force: true });
      rmSync(CANARY_H5, { force: true });
    },
  );
}
