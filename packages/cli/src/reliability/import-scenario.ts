import {
  hashBundle,
  openStore,
  readKayNpz,
  type DatasetBundle,
  type StoreOptions,
} from "@neurotranslator/data";
import { writeNpzFile } from "@neurotranslator/data/formats";
import type { KillScenario, StoredState } from "./kill-harness.ts";

/**
 * Writes a Kay-layout archive of `nTrain` + nTrain/10 images (`side` x `side`, float32) and `nVoxels`
 * float32 responses with all seven areas, from a fixed LCG (the same bytes on every run).
 */
export function writeKayArchive(path: string, nTrain: number, side: number, nVoxels: number): void {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5;
  const filled = (n: number) => Float32Array.from({ length: n }, next);
  const nTest = Math.max(2, Math.round(nTrain / 10));
  writeNpzFile(path, {
    stimuli: { dtype: "float32", shape: [nTrain, side, side], data: filled(nTrain * side * side) },
    stimuli_test: { dtype: "float32", shape: [nTest, side, side], data: filled(nTest * side * side) },
    responses: { dtype: "float32", shape: [nTrain, nVoxels], data: filled(nTrain * nVoxels) },
    responses_test: { dtype: "float32", shape: [nTest, nVoxels], data: filled(nTest * nVoxels) },
    roi: {
      dtype: "int64",
      shape: [nVoxels],
      data: BigInt64Array.from({ length: nVoxels }, (_, i) => BigInt(1 + (i % 7))),
    },
    roi_names: {
      dtype: "unicode",
      shape: [8],
      data: ["Other", "V1", "V2", "V3", "V3A", "V3B", "V4", "LatOcc"],
    },
  });
}

/**
 * `dataset import FILE --name NAME` as a kill scenario. The verifier opens the store and finds either
 * no dataset and no stored arrays ("absent"), or the dataset whose stored arrays, read back, hash to
 * the content hash of the file ("complete"); anything else throws.
 */
export async function datasetImportScenario(
  file: string,
  name: string,
  location: StoreOptions,
  env: Record<string, string | undefined>,
): Promise<KillScenario> {
  const expected = hashBundle(await readKayNpz(file));
  const withStore = async <T>(
    fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>,
  ): Promise<T> => {
    const store = await openStore(location);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  return {
    name: `dataset import (${location.dir ? (location.engine ?? "auto") : "postgres"})`,
    args: ["dataset", "import", file, "--name", name, "--json"],
    env,
    verify: () =>
      withStore(async (store): Promise<StoredState> => {
        const all = await store.datasets.list();
        const found = all.find((d) => d.name === name);
        if (!found) {
          const arrays = await store.arrays.count();
          if (all.length > 0 || arrays > 0)
            throw new Error(
              `no dataset "${name}" but ${all.length} datasets and ${arrays} arrays are stored (a partial import)`,
            );
          return "absent";
        }
        if (found.contentHash !== expected)
          throw new Error(`dataset "${name}" has content hash ${found.contentHash}, expected ${expected}`);
        const rois = [...(await store.datasets.rois(found.id))].sort((a, b) => a.code - b.code);
        const get = (role: Parameters<typeof store.datasets.array>[1]) =>
          store.datasets.array(found.id, role);
        const bundle: DatasetBundle = {
          kind: found.kind,
          source: found.source,
          stimuliTrain: await get("stimuli_train"),
          stimuliTest: await get("stimuli_test"),
          responsesTrain: await get("responses_train"),
          responsesTest: await get("responses_test"),
          roi: await get("roi"),
          roiNames: rois.map((r) => r.name),
        };
        const stored = hashBundle(bundle);
        if (stored !== expected)
          throw new Error(`dataset "${name}": the stored arrays hash to ${stored}, the file to ${expected}`);
        return "complete";
      }),
    reset: () => withStore((store) => store.datasets.remove(name)),
  };
}
