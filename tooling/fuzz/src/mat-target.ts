import { readMat, type MatFile, type MatLimits } from "@neurotranslator/data/formats";
import { dataFixturesDir, readSeedFiles } from "./fixtures.ts";
import { mutateFromCorpus } from "./mutate-bytes.ts";
import { caseTarget, type FuzzTarget } from "./target.ts";

/** Small limits, so "no allocation beyond the limits" is checked on every accepted variable. */
export const MAT_FUZZ_LIMITS: MatLimits = { maxBytes: 1 << 24, maxElements: 1 << 22 };

function bytesOf(array: { data: ArrayLike<unknown> | ArrayBufferView }): number {
  return ArrayBuffer.isView(array.data)
    ? array.data.byteLength
    : (array.data as string[]).reduce((n, s) => n + s.length * 4, 0);
}

/**
 * MAT-files v5 (plain, zlib, big-endian, as written by SciPy and MATLAB) and v7.3 (HDF5), byte-mutated
 * as in read-mat.fuzz.test.ts; every variable of an accepted file is decoded and checked against the limits.
 */
export async function matTarget(): Promise<FuzzTarget> {
  const corpus = readSeedFiles(dataFixturesDir("mat"), [".mat"]);
  // The first v7.3 read instantiates h5wasm (seconds): do it before any case is timed.
  for (const seed of corpus) (await readMat(seed, { source: "seed.mat" }).catch(() => undefined))?.close();
  return caseTarget("mat", (rand) => {
    const { bytes, mutations } =
      corpus.length > 0 ? mutateFromCorpus(corpus, rand) : { bytes: new Uint8Array(0), mutations: ["empty"] };
    return {
      mutations,
      async run() {
        let mat: MatFile | undefined;
        try {
          mat = await readMat(bytes, { source: "fuzz.mat", limits: MAT_FUZZ_LIMITS });
          for (const name of mat.names) {
            const size = bytesOf(mat.get(name));
            if (size > MAT_FUZZ_LIMITS.maxBytes)
              return `variable "${name}" decoded to ${size} bytes, above maxBytes ${MAT_FUZZ_LIMITS.maxBytes}`;
          }
          return undefined;
        } finally {
          mat?.close();
        }
      },
    };
  });
}
