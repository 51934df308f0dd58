import { NtError, formatShape } from "@neurotranslator/schema";
import type { JsonObject, Matrix32, NdArray } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { Prng } from "../random/prng.ts";
import { analyticCeiling, columnCorrelations, meanByArea, testRetestReliability } from "./ceiling.ts";
import { GABOR_LAYER, parseSimulatorConfig, resolveAreas, type SimulatorConfigInput } from "./config.ts";
import { KAY_ROI_NAMES, type DatasetBundle } from "@neurotranslator/schema";
import { gaborEnergyFeatures } from "./gabor-energy.ts";
import type { AreaGroundTruth, GroundTruth, VoxelGroundTruth } from "./ground-truth.ts";
import { alignedLoadings, makeNoiseModel, measure } from "./noise.ts";
import { selectImages } from "./split.ts";
import {
  drawSilentVoxels,
  mixLatentFactors,
  smoothTuning,
  writeAreaSignal,
  type AreaTuning,
} from "./area-signal.ts";
import { standardizeFeatures } from "./tuning.ts";

/** Gray images in [0, 1]: data [n, height, width] row-major (readImageDir's ImageStack fits). */
export interface GrayStack {
  data: Float32Array;
  height: number;
  width: number;
}

export interface SimulatorInput {
  stimuli: GrayStack;
  /** Features of ALL n stimuli per layer: [n, D] (e.g. extractFeatures on the same stack); must hold every tuned layer except "gabor_energy". */
  features: Map<string, Matrix32>;
  nTrain: number;
  nTest: number;
  /** Provenance stored with the dataset: stimulus folder, model id, preparation, ... */
  source?: JsonObject;
}

export interface SimulateOptions {
  /** Computes z·W with this backend's matmul32 (else plain JS); bytes are reproducible per backend. */
  backend?: LinalgBackend;
}

export interface SimulationResult {
  /** kind "simulated": stimuli float32 [n, h, w] (input - 0.5), responses float32 [n, nVoxels], roi int32 [nVoxels] codes 1..7. */
  bundle: DatasetBundle;
  /** Same object as bundle.meta.groundTruth. */
  groundTruth: GroundTruth;
  voxels: VoxelGroundTruth;
  /** Noise-free responses: train [nTrain, nVoxels], test [nTest, nVoxels]. */
  signal: { train: Matrix32; test: Matrix32 };
  /** Single test measurements float32 [repeatsTest, nTest, nVoxels] (when keepTestRepeats and repeatsTest >= 2). */
  repeatsTest?: NdArray;
}

const STIMULUS_OFFSET = 0.5;
const MODEL_LINE =
  "y_r[i,v] = s[i,v] + sigma_v (sqrt(c) b_v.u_r[i] + sqrt(1-c) eps_r[i,v]); s[:,v] = sqrt(1-f) std(G_a(z(F_L(a))) w_v) + sqrt(f) std(L_a[i] l_v) (0 for silent voxels); G_a = identity (linear) or std(g(std(z u_k))) hidden units; eps spatially smoothed; sigma_v^2 = 1/SNR_v";

/**
 * Simulates a Kay-shaped dataset whose voxel responses are generated from the images by a known
 * model. Voxel v of area a (7 Kay areas, KAY_ROI_SIZES x voxelScale voxels each, contiguous in
 * ROI-code order) is tuned to the source features L(a) (config.areas; the preset's table). In a
 * "linear" area (the `easy` preset's every area)
 *
 *   s[i, v] = κ_v · Σ_j w_vj · z_j(F_L(a)(image_i))          (noise-free response)
 *
 * z standardises each feature with the TRAINING images' mean and SD; w_v is N(0, 1) on a random
 * subset of max(1, round(featureFraction · D)) features and 0 elsewhere; κ_v gives s unit
 * variance over the training images. In a non-linear area (the default `realistic` preset) s is
 * linear in hidden units g(z · u_k) instead (area-signal.ts: model mismatch), and in every area a
 * share latentFraction of s comes from per-image factors no feature holds; silentFraction of the
 * voxels carry no signal (s = 0, SNR 0, σ = 1). Each measurement r of image i is
 *
 *   y_r[i, v] = s[i, v] + σ_v · ( √c · b_vᵀ u_r[i] + √(1 − c) · ε_r[i, v] ),   σ_v² = 1 / SNR_v,
 *
 * with shared low-rank noise u_r[i] ~ N(0, I) (globalFactors for all voxels + areaFactors per
 * area, unit-norm loadings b_v; see noise.ts), ε ~ N(0, 1) per voxel (spatially smoothed when
 * sharedNoise.spatialFwhm > 0), shared fraction c, and
 * SNR_v = SNR_a · exp(snrLogSd · N(0, 1)) (SNR_a is the area's median). As in Kay 2008 the stored
 * training responses average repeatsTrain (2) measurements and the test responses repeatsTest
 * (13), so the noise ceiling of voxel v on the test set is √(R·SNR_v / (R·SNR_v + 1)), R =
 * repeatsTest (0 for a silent voxel); it is reported per area (mean over all its voxels), analytic
 * and measured.
 *
 * Split: rows from `selectImages` (config.split). Deterministic: every draw comes from seeded
 * xoshiro128** streams, one per stage (split, weights per area, SNRs, loadings, train noise, test
 * noise, latent factors, silent voxels), so e.g. changing an SNR leaves the tuning weights as they
 * were, and the `easy` preset gives the bytes of the simulator before presets existed.
 * Cost: O(nAll · Σ_a D_a · V_a) for the signal plus (nTrain·repeatsTrain + nTest·repeatsTest) ·
 * nVoxels normal draws (about 4.5e7 for the full Kay shape).
 */
export function simulateDataset(
  input: SimulatorInput,
  rawConfig: SimulatorConfigInput = {},
  options: SimulateOptions = {},
): SimulationResult {
  const config = parseSimulatorConfig(rawConfig);
  const areas = resolveAreas(config);
  const { nTrain, nTest } = input;
  const n = checkInput(input);
  if (
    config.sharedNoise.fraction > 0 &&
    config.sharedNoise.globalFactors + config.sharedNoise.areaFactors === 0
  ) {
    throw new NtError(
      "BAD_INPUT",
      `simulator config: sharedNoise.fraction is ${config.sharedNoise.fraction} but there are no shared factors (globalFactors = areaFactors = 0)`,
    );
  }
  if (config.sharedNoise.fraction + config.sharedNoise.evokedFraction > 1) {
    throw new NtError(
      "BAD_INPUT",
      `simulator config: sharedNoise.fraction ${config.sharedNoise.fraction} + sharedNoise.evokedFraction ${config.sharedNoise.evokedFraction} exceed 1 (they are shares of each voxel's noise variance)`,
    );
  }

  const master = new Prng(config.seed);
  const seeds = {
    split: master.nextUint32(),
    weights: master.nextUint32(),
    snr: master.nextUint32(),
    loadings: master.nextUint32(),
    noiseTrain: master.nextUint32(),
    noiseTest: master.nextUint32(),
    latent: master.nextUint32(),
    silent: master.nextUint32(),
    aligned: master.nextUint32(),
  };
  const index = selectImages(n, nTrain, nTest, config.split, new Prng(seeds.split));
  const nAll = nTrain + nTest;
  const nVoxels = areas.reduce((s, a) => s + a.nVoxels, 0);

  // Noise-free responses of all selected images: [nAll, nVoxels].
  const signal = new Float32Array(nAll * nVoxels);
  const areaOfVoxel = new Int32Array(nVoxels);
  const weightSeeds = new Prng(seeds.weights);
  const standardized = new Map<string, { z: Matrix32; kept: Int32Array }>();
  const dims: Record<string, number> = {};
  const tuning: (AreaTuning & { first: number; nVoxels: number })[] = [];
  let first = 0;
  for (const [ai, area] of areas.entries()) {
    let std = standardized.get(area.layer);
    if (!std) {
      const { matrix, rows } = layerFeatures(input, area.layer, index);
      std = standardizeFeatures(matrix, rows, nTrain, area.layer);
      standardized.set(area.layer, std);
      dims[area.layer] = matrix.cols;
    }
    const planted = writeAreaSignal(
      area,
      std.z,
      { data: signal, cols: nVoxels, offset: first },
      { config, nTrain, rng: new Prng(weightSeeds.nextUint32()), backend: options.backend },
    );
    areaOfVoxel.fill(ai, first, first + area.nVoxels);
    tuning.push({ ...planted, first, nVoxels: area.nVoxels });
    first += area.nVoxels;
  }
  const signalMatrix = { data: signal, rows: nAll, cols: nVoxels, nTrain };
  mixLatentFactors(signalMatrix, tuning, config.mismatch, new Prng(seeds.latent));
  smoothTuning(signalMatrix, tuning, config.mismatch.tuningFwhm);
  const silent = drawSilentVoxels(tuning, nVoxels, config.silentFraction, new Prng(seeds.silent));
  for (let v = 0; v < nVoxels; v++) if (silent[v]) for (let i = 0; i < nAll; i++) signal[i * nVoxels + v] = 0;

  const snrRng = new Prng(seeds.snr);
  const snr = Float64Array.from(areaOfVoxel, (a, v) => {
    const drawn = areas[a]!.snr * Math.exp(config.snrLogSd * snrRng.normal());
    return silent[v] ? 0 : drawn;
  });
  const { areaFactors, signalAligned } = config.sharedNoise;
  const voxelAreas = { area: areaOfVoxel, nAreas: areas.length };
  const loadings =
    signalAligned > 0 && areaFactors > 0
      ? alignedLoadings(signalMatrix, voxelAreas, areaFactors, new Prng(seeds.aligned))
      : undefined;
  const noise = makeNoiseModel(snr, voxelAreas, config.sharedNoise, new Prng(seeds.loadings), {
    areaLoadings: loadings,
    nTrain,
  });
  const responsesTrain = new Float32Array(nTrain * nVoxels);
  const responsesTest = new Float32Array(nTest * nVoxels);
  measure(noise, signal, {
    rowStart: 0,
    nRows: nTrain,
    nRepeats: config.repeatsTrain,
    rng: new Prng(seeds.noiseTrain),
    mean: responsesTrain,
  });
  const keepRepeats = config.keepTestRepeats && config.repeatsTest >= 2;
  const repeats = keepRepeats ? new Float32Array(config.repeatsTest * nTest * nVoxels) : undefined;
  measure(noise, signal, {
    rowStart: nTrain,
    nRows: nTest,
    nRepeats: config.repeatsTest,
    rng: new Prng(seeds.noiseTest),
    mean: responsesTest,
    ...(repeats ? { repeats } : {}),
  });

  // A silent voxel's signal is constant (r undefined): no model can predict it, so its ceiling is 0.
  const measuredTrain = columnCorrelations(signal, 0, responsesTrain, nTrain, nVoxels).map((r, v) =>
    silent[v] ? 0 : r,
  );
  const measuredTest = columnCorrelations(signal, nTrain, responsesTest, nTest, nVoxels).map((r, v) =>
    silent[v] ? 0 : r,
  );
  const voxels: VoxelGroundTruth = {
    snr,
    ceilingTestAnalytic: snr.map((s) => analyticCeiling(s, config.repeatsTest)),
    ceilingTestMeasured: measuredTest,
  };
  const byArea = (x: Float64Array) => meanByArea(x, areaOfVoxel, areas.length);
  const mTrain = byArea(measuredTrain);
  const mTest = byArea(measuredTest);
  const aTrain = byArea(snr.map((s) => analyticCeiling(s, config.repeatsTrain)));
  const aTest = byArea(voxels.ceilingTestAnalytic);
  const retest = byArea(snr.map(testRetestReliability));
  const areaTruth: AreaGroundTruth[] = areas.map((a, i) => ({
    name: a.name,
    code: a.code,
    nVoxels: a.nVoxels,
    firstVoxel: tuning[i]!.first,
    layer: a.layer,
    nonlinearity: a.nonlinearity,
    snr: a.snr,
    nFeatures: tuning[i]!.nFeatures,
    featuresPerVoxel: tuning[i]!.perVoxel,
    hiddenUnits: tuning[i]!.hiddenUnits,
    unitsPerVoxel: tuning[i]!.unitsPerVoxel,
    silentVoxels: countSilent(silent, tuning[i]!.first, a.nVoxels),
    testRetest: retest[i]!,
    ceilingTrain: { analytic: aTrain[i]!, measured: mTrain[i]! },
    ceilingTest: { analytic: aTest[i]!, measured: mTest[i]! },
  }));

  const groundTruth: GroundTruth = {
    generator: "neurotranslator-simulator",
    version: 2,
    model: MODEL_LINE,
    config,
    nTrain,
    nTest,
    nVoxels,
    split: {
      mode: config.split,
      trainImages: Array.from(index.subarray(0, nTrain)),
      testImages: Array.from(index.subarray(nTrain)),
    },
    stimulusOffset: STIMULUS_OFFSET,
    features: { dims, source: input.source ?? {} },
    areas: areaTruth,
  };
  const { height: h, width: w } = input.stimuli;
  const bundle: DatasetBundle = {
    kind: "simulated",
    source: {
      generator: "neurotranslator-simulator",
      version: 2,
      seed: config.seed,
      ...(input.source ?? {}),
    },
    stimuliTrain: {
      dtype: "float32",
      shape: [nTrain, h, w],
      data: gatherImages(input.stimuli, index.subarray(0, nTrain)),
    },
    stimuliTest: {
      dtype: "float32",
      shape: [nTest, h, w],
      data: gatherImages(input.stimuli, index.subarray(nTrain)),
    },
    responsesTrain: { dtype: "float32", shape: [nTrain, nVoxels], data: responsesTrain },
    responsesTest: { dtype: "float32", shape: [nTest, nVoxels], data: responsesTest },
    roi: { dtype: "int32", shape: [nVoxels], data: Int32Array.from(areaOfVoxel, (a) => areas[a]!.code) },
    roiNames: [...KAY_ROI_NAMES],
    meta: { groundTruth },
  };
  return {
    bundle,
    groundTruth,
    voxels,
    signal: {
      train: { rows: nTrain, cols: nVoxels, data: signal.subarray(0, nTrain * nVoxels) },
      test: { rows: nTest, cols: nVoxels, data: signal.subarray(nTrain * nVoxels) },
    },
    ...(repeats
      ? {
          repeatsTest: {
            dtype: "float32" as const,
            shape: [config.repeatsTest, nTest, nVoxels],
            data: repeats,
          },
        }
      : {}),
  };
}

/** Checks counts and the stimulus stack (values in [0, 1]); returns n. */
function checkInput(input: SimulatorInput): number {
  const { nTrain, nTest, stimuli } = input;
  const { height: h, width: w, data } = stimuli;
  if (!Number.isInteger(nTrain) || nTrain < 3 || !Number.isInteger(nTest) || nTest < 3) {
    throw new NtError(
      "BAD_INPUT",
      `simulator: nTrain and nTest must be integers >= 3, got nTrain ${nTrain}, nTest ${nTest}`,
    );
  }
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1 || data.length % (h * w) !== 0) {
    throw new NtError(
      "BAD_INPUT",
      `simulator: stimuli hold ${data.length} values, not a whole number of ${h}x${w} images`,
    );
  }
  const n = data.length / (h * w);
  if (nTrain + nTest > n) {
    throw new NtError(
      "BAD_INPUT",
      `simulator: nTrain ${nTrain} + nTest ${nTest} = ${nTrain + nTest} images requested but the stimuli ${formatShape([n, h, w])} hold ${n}`,
    );
  }
  for (let k = 0; k < data.length; k++) {
    const x = data[k]!;
    if (!(x >= 0 && x <= 1)) {
      throw new NtError(
        "BAD_INPUT",
        `simulator: stimuli must be gray values in [0, 1] (as readImageDir gives); value ${x} at image ${Math.floor(k / (h * w))}, pixel ${k % (h * w)}`,
      );
    }
  }
  return n;
}

function countSilent(silent: Uint8Array, first: number, count: number): number {
  let n = 0;
  for (let v = first; v < first + count; v++) n += silent[v]!;
  return n;
}

/** The feature matrix of a layer and the rows of it to use for the selected images. */
function layerFeatures(
  input: SimulatorInput,
  layer: string,
  index: Int32Array,
): { matrix: Matrix32; rows: Int32Array } {
  const given = input.features.get(layer);
  const n = input.stimuli.data.length / (input.stimuli.height * input.stimuli.width);
  if (!given && layer === GABOR_LAYER) {
    return { matrix: gaborEnergyFeatures(input.stimuli, index), rows: Int32Array.from(index, (_, i) => i) };
  }
  if (!given) {
    throw new NtError(
      "BAD_INPUT",
      `simulator: an area is tuned to layer "${layer}" but the features hold only ${[...input.features.keys()].join(", ") || "(none)"}`,
    );
  }
  if (given.rows !== n || given.data.length !== given.rows * given.cols || given.cols < 1) {
    throw new NtError(
      "BAD_INPUT",
      `simulator: features "${layer}" claim shape ${formatShape([given.rows, given.cols])} with ${given.data.length} values, but there are ${n} stimuli`,
    );
  }
  for (let k = 0; k < given.data.length; k++) {
    if (!Number.isFinite(given.data[k]!)) {
      throw new NtError(
        "NUMERIC",
        `simulator: features "${layer}" have a non-finite value ${given.data[k]} at [${Math.floor(k / given.cols)}, ${k % given.cols}]`,
      );
    }
  }
  return { matrix: given, rows: index };
}

/** Rows `rows` of the stack, shifted to the Kay convention (value - 0.5): [rows.length, h, w]. */
function gatherImages(stimuli: GrayStack, rows: Int32Array): Float32Array {
  const size = stimuli.height * stimuli.width;
  const out = new Float32Array(rows.length * size);
  for (const [i, r] of rows.entries()) {
    for (let p = 0; p < size; p++) out[i * size + p] = stimuli.data[r * size + p]! - STIMULUS_OFFSET;
  }
  return out;
}
