import { validateSolverOptions } from "@neurotranslator/core/solvers";
import type { Store } from "@neurotranslator/data";
import { NtError, quotedList } from "@neurotranslator/data/errors";
import type { RunRequest, SweepRequest } from "@neurotranslator/data/jobs";

/*
 * What a worker would check first, checked before a job is queued: a request that must fail is
 * answered 400 (solver options) or 404 (names) at once instead of failing in a worker later. The
 * solver check is core's own; the names are resolved against the store as `run` resolves them.
 */

/** The stored names a request refers to, resolved. */
interface Resolved {
  layers: string[];
  areas: string[];
}

async function resolveNames(store: Store, request: { dataset: string; features: string }): Promise<Resolved> {
  const dataset = await store.datasets.get(request.dataset);
  const featureSet = (await store.featureSets.list(dataset.id)).find((fs) => fs.name === request.features);
  if (featureSet === undefined) {
    throw new NtError("NOT_FOUND", `dataset "${dataset.name}" has no feature set "${request.features}"`);
  }
  const rois = await store.datasets.rois(dataset.id);
  const areas = [...rois].sort((a, b) => a.code - b.code).filter((r) => r.nVoxels > 0).map((r) => r.name);
  return { layers: featureSet.layers, areas };
}

function checkLayers(layers: readonly string[], known: readonly string[], features: string): void {
  const unknown = layers.filter((l) => !known.includes(l));
  if (unknown.length > 0) {
    throw new NtError("NOT_FOUND", `feature set "${features}" has no layer ${quotedList(unknown, 5)}; its layers: ${quotedList(known, 20)}`);
  }
}

function checkAreas(rois: readonly string[], known: readonly string[], dataset: string): void {
  const unknown = rois.filter((r) => !known.includes(r));
  if (unknown.length > 0) {
    throw new NtError("NOT_FOUND", `dataset "${dataset}" has no visual area ${quotedList(unknown, 5)}; its areas: ${quotedList(known, 20)}`);
  }
}

/** Checks the solver's name and options with core's own schemas (400 BAD_INPUT naming them). */
export function checkSolver(request: { solver: string; options: unknown }): void {
  validateSolverOptions(request.solver, request.options);
}

/** Checks a run request's dataset, feature set, layer and areas (404 NOT_FOUND naming them). */
export async function checkRunTargets(store: Store, request: RunRequest): Promise<void> {
  const { layers, areas } = await resolveNames(store, request);
  if (request.layer !== undefined) checkLayers([request.layer], layers, request.features);
  checkAreas(request.rois ?? [], areas, request.dataset);
}

/** Checks a sweep request's dataset, feature set, layers and area sets. */
export async function checkSweepTargets(store: Store, request: SweepRequest): Promise<void> {
  const { layers, areas } = await resolveNames(store, request);
  checkLayers(request.layers ?? [], layers, request.features);
  checkAreas([...new Set((request.roiSets ?? []).flat())], areas, request.dataset);
}
