import type { Run, RunControls, Store } from "@neurotranslator/data";
import type { LinalgBackend } from "@neurotranslator/core";
import { executeRun, planRun } from "./run.ts";

/** The 2020 study's test figures (sklearn LinearRegression, all voxels -> NASNet features): mean per-image r and cosine. */
export const STUDY_2020 = { sampleR: 0.0088, cosine: -0.0018 } as const;
/** A control "reproduces" the 2020 failure when both its mean per-image r and cosine are this close to 0. */
export const REPRODUCES_WITHIN = 0.05;

/** One row of the table: a solver on the dataset with one control applied (or none). */
export interface Control2020 {
  id: string;
  label: string;
  solver: "ols" | "ridge-cv";
  controls?: RunControls;
}

/**
 * The controls that may explain the 2020 numbers, each a plain `run` with --pairing / --voxel-subset
 * (so users can apply them to their own data): the ridge-cv reference; (a) OLS on all voxels, which
 * the simulator's realistic voxel covariance gives its chance to fail; (b) OLS with about as many
 * voxels as training images (the interpolation threshold); (c) images listed by file name
 * ("0, 1, 10, 100, ...") against responses in numeric order, with OLS and ridge-cv; (d) a random pairing.
 */
export function controls2020(nTrain: number, nVoxels: number): Control2020[] {
  // Centred data have rank nTrain - 1: OLS's variance peaks at that many voxels.
  const near = Math.min(nVoxels, nTrain - 1);
  return [
    { id: "reference", label: "ridge-cv, pairing as stored (reference)", solver: "ridge-cv" },
    { id: "a", label: "(a) OLS, all voxels, pairing as stored", solver: "ols" },
    {
      id: "b",
      label: `(b) OLS, ${near} voxels (= training images - 1)`,
      solver: "ols",
      controls: { pairing: "as-stored", voxelSubset: near },
    },
    {
      id: "c",
      label: "(c) OLS, name-order mispairing",
      solver: "ols",
      controls: { pairing: "name-order", voxelSubset: null },
    },
    {
      id: "c-ridge",
      label: "(c) ridge-cv, name-order mispairing",
      solver: "ridge-cv",
      controls: { pairing: "name-order", voxelSubset: null },
    },
    {
      id: "d",
      label: "(d) OLS, shuffled pairing",
      solver: "ols",
      controls: { pairing: "shuffled", voxelSubset: null },
    },
  ];
}

export interface Reproduce2020Options {
  dataset: string;
  features: string;
  layer?: string | undefined;
  seed: number;
  permutations: number;
  bootstrap: number;
  backend?: LinalgBackend;
  onControl?: (index: number, total: number, control: Control2020) => void;
}

export interface Reproduce2020Row {
  control: Control2020;
  run: Run;
  /** Mean per-image r and cosine within REPRODUCES_WITHIN of 0 (the 2020 figures). */
  reproduces: boolean;
}

/** Runs and stores every control on one dataset and layer; rows in controls2020's order. */
export async function reproduce2020(
  store: Store,
  options: Reproduce2020Options,
): Promise<{
  rows: Reproduce2020Row[];
  layer: string;
  dataset: { name: string; kind: string; nTrain: number; nVoxels: number };
}> {
  const base = {
    dataset: options.dataset,
    features: options.features,
    ...(options.layer ? { layer: options.layer } : {}),
    seed: options.seed,
    permutations: options.permutations,
    bootstrap: options.bootstrap,
  };
  const first = await planRun(store, { ...base, solver: "ridge-cv" });
  const { dataset } = first.target;
  const list = controls2020(dataset.nTrain, dataset.nVoxels);
  const plans = [];
  for (const c of list)
    plans.push(
      await planRun(store, {
        ...base,
        layer: first.target.layer,
        solver: c.solver,
        ...(c.controls ? { controls: c.controls } : {}),
      }),
    );
  const rows: Reproduce2020Row[] = [];
  for (const [i, plan] of plans.entries()) {
    options.onControl?.(i, list.length, list[i]!);
    const { run } = await executeRun(store, plan, options.backend ? { backend: options.backend } : {});
    const m = run.metrics;
    rows.push({
      control: list[i]!,
      run,
      reproduces:
        Math.abs(m.sampleR.value) < REPRODUCES_WITHIN && Math.abs(m.cosine.value) < REPRODUCES_WITHIN,
    });
  }
  return {
    rows,
    layer: first.target.layer,
    dataset: { name: dataset.name, kind: dataset.kind, nTrain: dataset.nTrain, nVoxels: dataset.nVoxels },
  };
}
