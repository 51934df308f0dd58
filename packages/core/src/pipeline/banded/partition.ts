import { NtError } from "@neurotranslator/schema";
import type { MapCorrection, Matrix32, MetricSummary } from "@neurotranslator/schema";
import { drawResamples } from "../area-voxel-r.ts";
import { checkPairedShapes } from "../check-input.ts";
import { correctionRecord, maxStatisticAdjust } from "../map-inference.ts";
import type { PipelineContext } from "../run-decoding.ts";
import { selectAreas, takeColumns } from "../select-areas.ts";
import { factorBand } from "./band-factors.ts";
import { bandWeightSamples } from "./band-weights.ts";
import { bandedSystem, bandedTargets, fitBandedRidge, type BandedRidgeFit } from "./banded-ridge.ts";
import {
  combine,
  scoreModel,
  signFlips,
  summarise,
  swapNulls,
  testTruth,
  type Combined,
  type ModelScores,
} from "./partition-inference.ts";

export interface VariancePartitionInput {
  responsesTrain: Matrix32;
  responsesTest: Matrix32;
  roi: Int32Array;
  roiNames: readonly string[];
  /** Per layer (a band): train [nTrain, D] and test [nTest, D] features; map order is the band order. */
  layers: ReadonlyMap<string, { train: Matrix32; test: Matrix32 }>;
}

export interface VariancePartitionOptions {
  rois?: readonly string[];
  /** Band weights and alpha per voxel (default) or per area. */
  weights?: "voxel" | "area";
  /** Band-weight samples of the random search (default 20). */
  nSamples?: number;
  relativeAlphas?: readonly number[];
  seed?: number;
  nPermutations?: number;
  nBootstrap?: number;
}

/** A MetricSummary with the p corrected over its family (FWE, max-statistic); null where not computed. */
export type CorrectedSummary = MetricSummary & { pAdjusted: number | null };

export interface PartitionLayer {
  layer: string;
  /** R²(all layers) − R²(all but this one): variance only this layer explains. */
  unique: CorrectedSummary;
  /** R²(this layer alone) − unique: the part of its own variance other layers also explain. */
  shared: MetricSummary;
  /** R²(this layer alone). */
  alone: CorrectedSummary;
  /** The joint model's weight on this layer, over the area's voxels. */
  bandWeight: { mean: number; median: number };
}

export interface PartitionArea {
  roi: string;
  nVoxels: number;
  nValidVoxels: number;
  /** Test R² of the joint (banded ridge) model, mean over the area's voxels. */
  joint: CorrectedSummary;
  /** R²(joint) − Σ unique: variance explained by more than one layer. */
  sharedTotal: MetricSummary;
  layers: PartitionLayer[];
  /** Layers whose unique share is significant (pAdjusted < 0.05) with a CI above 0: variance no other layer explains. */
  uniqueLayers: string[];
}

/** Per voxel of the selected areas (columns `voxel` of the full response matrix). */
export interface PartitionVoxels {
  voxel: Int32Array;
  area: string[];
  joint: Float64Array;
  alpha: Float64Array;
  /** Per layer [V] each. */
  unique: Float64Array[];
  shared: Float64Array[];
  alone: Float64Array[];
  weight: Float64Array[];
}

export interface VariancePartition {
  layers: string[];
  areas: PartitionArea[];
  voxels: PartitionVoxels;
  corrections: { joint: MapCorrection; unique: MapCorrection; alone: MapCorrection };
  search: {
    criterion: "GCV";
    weights: "voxel" | "area";
    nSamples: number;
    relativeAlphas: number[];
    alphaScale: number;
    path: BandedRidgeFit["path"];
    models: number;
  };
  timings: { fit: number; evaluate: number };
}

/**
 * Variance partitioning over layers (Lescroart et al. 2015; de Heer et al. 2017) with banded ridge
 * models (banded-ridge.ts): per voxel the test R² of the joint model over all layers, of the joint
 * model without each layer, and of each layer alone, every model with its own search. Set arithmetic:
 * unique_b = R²(all) − R²(all \ b); shared_b = R²(b) − unique_b; sharedTotal = R²(all) − Σ_b unique_b.
 * Negative estimates (a layer that only adds variance to the fit) are reported as they are.
 * CIs: bias-corrected percentile bootstrap over test images (R² on each resample, the same resamples for every
 * model, so differences are paired). p of joint and alone R²: image-pairing permutations (as the
 * map). p of a unique share: the paired model-swap test (per test image, the joint model's and the
 * reduced model's predictions exchanged at random; exact under "layer b adds nothing to the test
 * predictions"): an image-pairing null would instead ask whether the two models' DIFFERENCE
 * correlates with the data, which it can while the unique share is negative. Each family (areas for
 * joint; areas x layers for unique and for alone) is corrected by the max-statistic over the same draws.
 */
export function runVariancePartition(
  input: VariancePartitionInput,
  options: VariancePartitionOptions,
  ctx: PipelineContext,
): VariancePartition {
  const layers = [...input.layers.keys()];
  if (layers.length === 0) throw new NtError("BAD_INPUT", "variance partition: no layers given");
  for (const [name, f] of input.layers)
    checkPairedShapes(
      { train: input.responsesTrain, test: input.responsesTest },
      f,
      input.roi,
      `layer "${name}"`,
    );
  const selection = selectAreas(input.roi, input.roiNames, options.rois ?? []);
  const groups = Array.from(selection.areas, (_, a) =>
    Int32Array.from(selection.areaOf.keys()).filter((k) => selection.areaOf[k] === a),
  );
  const yTrain = takeColumns(input.responsesTrain, selection.voxels);
  const yTest = takeColumns(input.responsesTest, selection.voxels);
  const seed = options.seed ?? 0;
  const nb = layers.length;
  const t0 = performance.now();

  const bands = layers.map((l) =>
    factorBand(l, input.layers.get(l)!.train, input.layers.get(l)!.test, ctx.backend),
  );
  const targets = bandedTargets(yTrain);
  const system = bandedSystem(bands, targets, ctx.backend);
  const mode = options.weights ?? "voxel";
  const nSamples = options.nSamples ?? 20;
  const base = { weights: mode, groups };
  const all = layers.map((_, b) => b);
  // Nested searches, so that a layer's unique share measures the layer and not the luck of two
  // separate random searches: the model without layer b searches the joint samples with γ_b removed
  // (not renormalised), on the joint model's (absolute) alpha grid, so each of its candidates IS a
  // joint candidate with γ_b = 0; the joint model then takes, per voxel (or area), the best of its
  // own search and the reduced models' (same GCV score, same model): its training GCV is never below
  // a reduced model's, at no extra decomposition.
  const samples = bandWeightSamples(nb, nb === 1 ? 1 : nSamples, seed);
  const equalFit = fitBandedRidge(
    system,
    {
      ...base,
      candidates: samples.slice(0, nb),
      ...(options.relativeAlphas ? { relativeAlphas: options.relativeAlphas } : {}),
    },
    ctx.backend,
  );
  const alphas = equalFit.alphaGrid;
  const fits = new Map<string, BandedRidgeFit | null>();
  const key = (s: number[]) => s.join(",");
  // Models by their set of bands: all but b, b alone, all (deduplicated: with 2 layers "all but 0" is "1 alone").
  const jobs: number[][] = [];
  for (let b = 0; b < nb; b++)
    jobs.push(
      all.filter((x) => x !== b),
      [b],
    );
  jobs.push(all);
  let done = 0;
  const total = jobs.length + 1;
  for (const subset of jobs) {
    if (fits.has(key(subset))) continue;
    const candidates =
      subset.length === nb
        ? samples
        : subset.length === 1
          ? Float64Array.of(1)
          : dropBand(
              samples,
              nb,
              all.find((b) => !subset.includes(b))!,
            );
    fits.set(
      key(subset),
      subset.length === 0
        ? null
        : fitBandedRidge(system, { ...base, candidates, alphas }, ctx.backend, subset),
    );
    ctx.onProgress?.({
      stage: `partition: fit ${subset.length === nb ? "all layers" : subset.map((b) => layers[b]).join("+") || "no layer"}`,
      done: ++done,
      total,
    });
  }
  if (nb > 1) {
    const reduced = all.map((b) => fits.get(key(all.filter((x) => x !== b)))!);
    fits.set(key(all), takeNested(fits.get(key(all))!, reduced, mode === "area" ? groups : null));
  }
  const search = {
    weights: mode,
    nSamples,
    alphaScale: equalFit.alphaScale,
    relativeAlphas: alphas.map((x) => x / equalFit.alphaScale),
  };
  const fit = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  const draws = drawResamples(yTest.rows, options.nPermutations ?? 1000, options.nBootstrap ?? 1000, seed);
  const truth = testTruth(yTest, draws, ctx.backend);
  const scores = new Map<string, ModelScores>();
  for (const [k, f] of fits)
    scores.set(
      k,
      scoreModel(f ? f.pred : meanPrediction(targets.yMean, yTest.rows), truth, groups, draws, ctx.backend),
    );
  ctx.onProgress?.({ stage: "partition: scores", done: ++done, total });
  const joint = scores.get(key(all))!;
  const flips = signFlips(yTest.rows, options.nPermutations ?? 1000, seed + 2);
  const without = all.map((b) => scores.get(key(all.filter((x) => x !== b)))!);
  const alone = all.map((b) => scores.get(key([b]))!);
  const jointFit = fits.get(key(all))!;

  const areas = selection.areas.map((area, a) => {
    const j: Combined = joint.areas[a]!;
    // unique: R² difference of two models; its null swaps the two models' predictions per test image
    const uniques = all.map((b) => ({
      ...combine([
        { weight: 1, of: j },
        { weight: -1, of: without[b]!.areas[a]! },
      ]),
      nulls: flips.length > 0 ? swapNulls(joint.areas[a]!.loss, without[b]!.areas[a]!.loss, flips) : null,
    }));
    const alones: Combined[] = all.map((b) => alone[b]!.areas[a]!);
    const shared = combine([{ weight: 1, of: j }, ...uniques.map((u) => ({ weight: -1, of: u }))]);
    return { area, j, uniques, alones, sharedTotal: shared };
  });
  const voxels = voxelTable(selection, layers, joint, without, alone, jointFit);
  const adjust = (cells: Combined[]) =>
    maxStatisticAdjust(
      cells.map((c) => c.value),
      cells.map((c) => c.nulls),
    );
  const pJoint = adjust(areas.map((x) => x.j));
  const pUnique = adjust(areas.flatMap((x) => x.uniques));
  const pAlone = adjust(areas.flatMap((x) => x.alones));
  const nPerm = draws.permutations.length;
  const out: PartitionArea[] = areas.map((x, a) => {
    const cols = groups[a]!;
    const pick = (arr: Float64Array) => Float64Array.from(cols, (k) => arr[k]!);
    const perLayer: PartitionLayer[] = layers.map((layer, b) => {
      const w = pick(voxels.weight[b]!);
      return {
        layer,
        unique: {
          ...summarise(x.uniques[b]!, pick(voxels.unique[b]!), true),
          pAdjusted: pUnique[a * nb + b] ?? null,
        },
        shared: summarise(
          combine([
            { weight: 1, of: x.alones[b]! },
            { weight: -1, of: x.uniques[b]! },
          ]),
          pick(voxels.shared[b]!),
          false,
        ),
        alone: {
          ...summarise(x.alones[b]!, pick(voxels.alone[b]!), true),
          pAdjusted: pAlone[a * nb + b] ?? null,
        },
        bandWeight: {
          mean: w.reduce((s, v) => s + v, 0) / Math.max(w.length, 1),
          median: w.length > 0 ? [...w].sort((p, q) => p - q)[w.length >> 1]! : NaN,
        },
      };
    });
    return {
      roi: x.area.name,
      nVoxels: cols.length,
      nValidVoxels: Array.from(cols).filter((k) => truth.valid[k]).length,
      joint: { ...summarise(x.j, pick(voxels.joint), true), pAdjusted: pJoint[a] ?? null },
      sharedTotal: summarise(x.sharedTotal, null, false),
      layers: perLayer,
      uniqueLayers: perLayer
        .filter(
          (l) => l.unique.pAdjusted !== null && l.unique.pAdjusted < 0.05 && (l.unique.ci95?.[0] ?? -1) > 0,
        )
        .map((l) => l.layer),
    };
  });
  const evaluate = (performance.now() - t1) / 1000;
  return {
    layers,
    areas: out,
    voxels,
    corrections: {
      joint: correctionRecord(out.length, nPerm),
      unique: correctionRecord(out.length * nb, nPerm),
      alone: correctionRecord(out.length * nb, nPerm),
    },
    search: {
      criterion: "GCV",
      weights: search.weights,
      nSamples: search.nSamples,
      relativeAlphas: search.relativeAlphas,
      alphaScale: search.alphaScale,
      path: jointFit?.path ?? "factor",
      models: fits.size,
    },
    timings: { fit, evaluate },
  };
}

function voxelTable(
  selection: ReturnType<typeof selectAreas>,
  layers: string[],
  joint: ModelScores,
  without: ModelScores[],
  alone: ModelScores[],
  jointFit: BandedRidgeFit | null,
): PartitionVoxels {
  const v = selection.voxels.length;
  const nb = layers.length;
  const area = Array.from(selection.areaOf, (a) => selection.areas[a]!.name);
  const unique = layers.map((_, b) =>
    Float64Array.from(joint.voxelR2, (x, k) => x - without[b]!.voxelR2[k]!),
  );
  return {
    voxel: selection.voxels,
    area,
    joint: joint.voxelR2,
    alpha: jointFit ? jointFit.alphas : new Float64Array(v).fill(NaN),
    unique,
    shared: layers.map((_, b) => Float64Array.from(alone[b]!.voxelR2, (x, k) => x - unique[b]![k]!)),
    alone: layers.map((_, b) => alone[b]!.voxelR2),
    // on the simplex: the joint candidates with a band zeroed are not renormalised (the alpha grid absorbs the scale)
    weight: layers.map((_, b) =>
      Float64Array.from({ length: v }, (_, k) =>
        jointFit ? jointFit.weights[k * nb + b]! / sumRow(jointFit.weights, k * nb, nb) : NaN,
      ),
    ),
  };
}

/** The training-mean prediction [m, V] (the model with no layer). */
function meanPrediction(yMean: Float64Array, m: number): Matrix32 {
  const v = yMean.length;
  const data = new Float32Array(m * v);
  for (let i = 0; i < m; i++) for (let j = 0; j < v; j++) data[i * v + j] = yMean[j]!;
  return { rows: m, cols: v, data };
}

/** Rows of `samples` ([nS, nb]) with band `drop` removed (not renormalised): [nS, nb - 1]. */
function dropBand(samples: Float64Array, nb: number, drop: number): Float64Array {
  const ns = samples.length / nb;
  const out = new Float64Array(ns * (nb - 1));
  for (let s = 0; s < ns; s++)
    for (let b = 0, k = 0; b < nb; b++) if (b !== drop) out[s * (nb - 1) + k++] = samples[s * nb + b]!;
  return out;
}

function sumRow(x: Float64Array, from: number, count: number): number {
  let s = 0;
  for (let i = from; i < from + count; i++) s += x[i]!;
  return s;
}

/**
 * The joint fit with, per voxel (or per group of voxels: `groups`), the reduced model without band b
 * taken instead wherever its GCV R² is higher: that reduced model is the joint model with γ_b = 0.
 * reduced[b]: the fit without band b (its weights lack column b).
 */
function takeNested(
  joint: BandedRidgeFit,
  reduced: readonly (BandedRidgeFit | null)[],
  groups: readonly Int32Array[] | null,
): BandedRidgeFit {
  const nb = reduced.length;
  const v = joint.cvR2.length;
  const m = joint.pred.rows;
  const out: BandedRidgeFit = {
    ...joint,
    pred: { ...joint.pred, data: Float32Array.from(joint.pred.data) },
    weights: Float64Array.from(joint.weights),
    alphas: Float64Array.from(joint.alphas),
    cvR2: Float64Array.from(joint.cvR2),
  };
  const take = (j: number, b: number) => {
    const r = reduced[b]!;
    for (let i = 0; i < m; i++) out.pred.data[i * v + j] = r.pred.data[i * v + j]!;
    for (let c = 0, k = 0; c < nb; c++)
      out.weights[j * nb + c] = c === b ? 0 : r.weights[j * (nb - 1) + k++]!;
    out.alphas[j] = r.alphas[j]!;
    out.cvR2[j] = r.cvR2[j]!;
  };
  const mean = (x: Float64Array, cols: Int32Array) => {
    let [sum, count] = [0, 0];
    for (const j of cols) if (Number.isFinite(x[j]!)) [sum, count] = [sum + x[j]!, count + 1];
    return count > 0 ? sum / count : -Infinity;
  };
  for (const cols of groups ?? Array.from({ length: v }, (_, j) => Int32Array.of(j))) {
    let [bestB, bestScore] = [-1, mean(joint.cvR2, cols)];
    reduced.forEach((r, b) => {
      if (r && mean(r.cvR2, cols) > bestScore) [bestB, bestScore] = [b, mean(r.cvR2, cols)];
    });
    if (bestB >= 0) for (const j of cols) take(j, bestB);
  }
  return out;
}
