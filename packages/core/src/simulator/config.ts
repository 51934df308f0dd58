import { z } from "zod";
import { NtError, zodErrorText } from "@neurotranslator/schema";
import { KAY_ROI_NAMES, KAY_ROI_SIZES } from "@neurotranslator/schema";

/** The visual areas the simulator generates, in ROI-code order (code = index + 1). */
export const SIMULATED_AREAS = KAY_ROI_NAMES.slice(1) as readonly string[];

/** Reserved layer name: the simulator computes Gabor-energy features from the stimuli itself (see gabor-energy.ts). */
export const GABOR_LAYER = "gabor_energy";

/**
 * How an area's voxels read their source features (area-signal.ts): "linear" = linear in the
 * standardised features (no model mismatch); "compressive" / "rectified-square" = linear in hidden
 * units g(z·u_k) of random projections of them, g(x) = √|x| (Kay 2008's compressive V1 output) or
 * max(0, x)² (a rectified-squared, energy-like unit).
 */
export const NONLINEARITIES = ["linear", "compressive", "rectified-square"] as const;
export type Nonlinearity = (typeof NONLINEARITIES)[number];

/** What one area is tuned to and how noisy it is. */
export const AreaSpec = z.object({
  /** Source features of the area's voxels: a key of the caller's feature map, or "gabor_energy". */
  layer: z.string().min(1),
  /** Median single-repeat SNR: signal variance / noise variance of one measurement (per voxel it is lognormal around this). */
  snr: z.number().positive(),
  /** How the voxels read the source features (see NONLINEARITIES). */
  nonlinearity: z.enum(NONLINEARITIES),
});
export type AreaSpec = z.infer<typeof AreaSpec>;

/**
 * The `easy` preset's tuning: every area exactly linear in a MobileNet v1 pointwise block, early to
 * late (no model mismatch). SNR s gives a single-repeat test-retest reliability s / (1 + s): V1
 * 0.50 ... LatOcc 0.23, higher in early areas as measured by Kay et al. 2008.
 */
export const EASY_AREAS: Readonly<Record<string, AreaSpec>> = {
  V1: { layer: "conv2d_1", snr: 1.0, nonlinearity: "linear" },
  V2: { layer: "conv2d_3", snr: 0.8, nonlinearity: "linear" },
  V3: { layer: "conv2d_5", snr: 0.6, nonlinearity: "linear" },
  V3A: { layer: "conv2d_7", snr: 0.5, nonlinearity: "linear" },
  V3B: { layer: "conv2d_7", snr: 0.4, nonlinearity: "linear" },
  V4: { layer: "conv2d_11", snr: 0.5, nonlinearity: "linear" },
  LatOcc: { layer: "global_pool", snr: 0.3, nonlinearity: "linear" },
};

/**
 * The default (`realistic`) tuning: model mismatch everywhere. V1 reads compressed Gabor energy
 * (features no CNN layer holds exactly), later areas rectified-squared projections of a CNN block,
 * so no analysed layer explains any voxel linearly. SNRs are Kay-like after the silent voxels
 * (config.silentFraction) are set aside, falling from V1 to LatOcc as Kay et al. measured; with
 * the rest of the defaults they put the demo's decoding feature r at about 0.3 and Kay-style
 * identification at about 70% (README, "The simulator").
 */
export const DEFAULT_AREAS: Readonly<Record<string, AreaSpec>> = {
  V1: { layer: GABOR_LAYER, snr: 0.5, nonlinearity: "compressive" },
  V2: { layer: "conv2d_3", snr: 0.4, nonlinearity: "rectified-square" },
  V3: { layer: "conv2d_5", snr: 0.3, nonlinearity: "rectified-square" },
  V3A: { layer: "conv2d_7", snr: 0.15, nonlinearity: "rectified-square" },
  V3B: { layer: "conv2d_7", snr: 0.12, nonlinearity: "rectified-square" },
  V4: { layer: "conv2d_11", snr: 0.12, nonlinearity: "rectified-square" },
  LatOcc: { layer: "global_pool", snr: 0.06, nonlinearity: "rectified-square" },
};

/** Named starting points: every field a preset does not set keeps the schema default (realistic). */
export const SIMULATOR_PRESETS = ["realistic", "easy"] as const;
export type SimulatorPreset = (typeof SIMULATOR_PRESETS)[number];

const SHARED_NOISE_DEFAULT = {
  fraction: 0.3,
  globalFactors: 16,
  areaFactors: 8,
  factorDecay: 1,
  spatialFwhm: 3,
  signalAligned: 0,
  evokedFraction: 0.5,
};
const MISMATCH_DEFAULT = {
  hiddenUnits: 64,
  unitsPerVoxel: 8,
  latentFraction: 0.3,
  latentFactors: 16,
  tuningFwhm: 4,
  whiten: true,
};

/**
 * Simulator settings; every field has a default, and the resolved object is stored with the
 * dataset (with the seed, it says exactly how the data were made). `preset` picks the defaults:
 * "realistic" (the schema defaults: model mismatch, Kay-like noise, correlated voxels) or "easy"
 * (EASY_PRESET: exactly linear voxels, independent-ish noise; fast, clear-cut tests).
 */
export const SimulatorConfig = z.object({
  preset: z.enum(SIMULATOR_PRESETS).default("realistic"),
  /** Seeds every random draw (split, tuning weights, voxel SNRs, noise loadings, noise). */
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** Per-area overrides of the preset's area table (partial: e.g. { V4: { layer: "conv2d_9" } }). */
  areas: z.record(z.string(), AreaSpec.partial()).default({}),
  /** Voxels per area = max(1, round(KAY_ROI_SIZES[area] * voxelScale)); 1 = the Kay sizes (8,428). */
  voxelScale: z.number().positive().max(1).default(1),
  /** Fraction of an area layer's (non-constant) features each voxel (linear) or hidden unit (non-linear) weights: k = max(1, round(fraction * D)). */
  featureFraction: z.number().gt(0).max(1).default(0.2),
  /** SD of log(SNR) across the voxels of an area (0 = every voxel has the area's SNR). */
  snrLogSd: z.number().min(0).max(3).default(0.75),
  /** Fraction of each area's voxels that carry no stimulus signal at all (SNR 0: noise only), as many voxels of a real ROI. */
  silentFraction: z.number().min(0).max(0.99).default(0.3),
  /** Model mismatch of the non-linear areas (area-signal.ts). */
  mismatch: z
    .object({
      /** Hidden units per area: g(z·u_k) for random sparse projections u_k of the source features. */
      hiddenUnits: z.number().int().min(1).max(4096).default(MISMATCH_DEFAULT.hiddenUnits),
      /** Hidden units each voxel weights (a random subset). */
      unitsPerVoxel: z.number().int().min(1).max(4096).default(MISMATCH_DEFAULT.unitsPerVoxel),
      /** Share of each responsive voxel's signal variance driven by image factors that no feature holds (all areas, linear ones too). */
      latentFraction: z.number().min(0).max(1).default(MISMATCH_DEFAULT.latentFraction),
      /** Those image factors per area (i.i.d. N(0, 1) per image, fixed across repeats). */
      latentFactors: z.number().int().min(1).max(1024).default(MISMATCH_DEFAULT.latentFactors),
      /** Hidden units read random directions of the WHITENED source features (area-signal.ts whiten) instead of the features themselves. */
      whiten: z.boolean().default(MISMATCH_DEFAULT.whiten),
      /** FWHM, in voxels, of the smoothing of the noise-free responses over each area's voxel grid (smooth tuning maps; 0 = none). */
      tuningFwhm: z.number().min(0).max(32).default(MISMATCH_DEFAULT.tuningFwhm),
    })
    .default(MISMATCH_DEFAULT),
  sharedNoise: z
    .object({
      /** Fraction of each voxel's noise variance that is shared (low-rank). */
      fraction: z.number().min(0).max(1).default(SHARED_NOISE_DEFAULT.fraction),
      /** Factors shared by all voxels of all areas (scanner drift, physiology); the first is a global signal. */
      globalFactors: z.number().int().min(0).max(64).default(SHARED_NOISE_DEFAULT.globalFactors),
      /** Factors shared within each area. */
      areaFactors: z.number().int().min(0).max(64).default(SHARED_NOISE_DEFAULT.areaFactors),
      /** Factor j (1-based, within its group) has variance ∝ j^-factorDecay: 0 = all equal; 1 = a 1/f spectrum, low effective rank. */
      factorDecay: z.number().min(0).max(4).default(SHARED_NOISE_DEFAULT.factorDecay),
      /** FWHM, in voxels, of the Gaussian smoothing of the unshared noise on each area's square voxel grid (0 = independent voxels). */
      spatialFwhm: z.number().min(0).max(32).default(SHARED_NOISE_DEFAULT.spatialFwhm),
      /** Share of the shared noise carried by area factors along the area's own signal patterns (noise.ts alignedLoadings; 0 = random loadings, the two groups weighted by their draws). */
      signalAligned: z.number().min(0).max(1).default(SHARED_NOISE_DEFAULT.signalAligned),
      /** Share of each responsive voxel's noise variance that is evoked-like (noise.ts: the signal's own covariance); fraction + evokedFraction <= 1. */
      evokedFraction: z.number().min(0).max(1).default(SHARED_NOISE_DEFAULT.evokedFraction),
    })
    .default(SHARED_NOISE_DEFAULT),
  /** Repeats averaged into each training response (Kay 2008: 2). */
  repeatsTrain: z.number().int().min(1).max(64).default(2),
  /** Repeats averaged into each test response (Kay 2008: 13). */
  repeatsTest: z.number().int().min(1).max(64).default(13),
  /** Return the single test repeats [repeatsTest, nTest, nVoxels] (for split-half noise ceilings). */
  keepTestRepeats: z.boolean().default(true),
  /** "ordered": images 0..nTrain-1 train, the next nTest test. "random": a seeded permutation, then the same. */
  split: z.enum(["ordered", "random"]).default("ordered"),
});
export type SimulatorConfig = z.infer<typeof SimulatorConfig>;
export type SimulatorConfigInput = z.input<typeof SimulatorConfig>;

/**
 * The `easy` preset (issue 15's "today's behaviour"): every voxel linear in its layer (EASY_AREAS),
 * no silent voxels, no latent image factors, 30% of the noise shared by 4 global + 2 area factors of
 * equal variance, no spatial smoothing. Noise ceilings 0.88-0.96; decoding is easy.
 */
export const EASY_PRESET = {
  snrLogSd: 0.5,
  silentFraction: 0,
  mismatch: { ...MISMATCH_DEFAULT, latentFraction: 0, tuningFwhm: 0, whiten: false },
  sharedNoise: {
    fraction: 0.3,
    globalFactors: 4,
    areaFactors: 2,
    factorDecay: 0,
    spatialFwhm: 0,
    signalAligned: 0,
    evokedFraction: 0,
  },
} as const satisfies Partial<SimulatorConfigInput>;

/** One area after defaults: its ROI code, voxel count and tuning. */
export interface ResolvedArea {
  name: string;
  code: number;
  nVoxels: number;
  layer: string;
  snr: number;
  nonlinearity: Nonlinearity;
}

/** Validates raw settings (NtError BAD_INPUT naming the field) and fills the defaults. */
export function parseSimulatorConfig(raw: SimulatorConfigInput | undefined): SimulatorConfig {
  const parsed = SimulatorConfig.safeParse(withPreset(raw ?? {}));
  if (!parsed.success) {
    throw new NtError("BAD_INPUT", `simulator config: ${zodErrorText(parsed.error)}`);
  }
  const unknown = Object.keys(parsed.data.areas).filter((a) => !SIMULATED_AREAS.includes(a));
  if (unknown.length > 0) {
    throw new NtError(
      "BAD_INPUT",
      `simulator config: unknown area(s) ${unknown.join(", ")}; expected ${SIMULATED_AREAS.join(", ")}`,
    );
  }
  return parsed.data;
}

/** The preset's values under the caller's (objects merged one level deep); unknown presets are left for the schema to reject. */
function withPreset(raw: SimulatorConfigInput): SimulatorConfigInput {
  if (raw.preset !== "easy") return raw;
  return {
    ...EASY_PRESET,
    ...raw,
    mismatch: { ...EASY_PRESET.mismatch, ...(raw.mismatch ?? {}) },
    sharedNoise: { ...EASY_PRESET.sharedNoise, ...(raw.sharedNoise ?? {}) },
  };
}

/** The areas in ROI-code order with their voxel counts and (overridden) tuning from the preset's area table. */
export function resolveAreas(config: SimulatorConfig): ResolvedArea[] {
  const table = config.preset === "easy" ? EASY_AREAS : DEFAULT_AREAS;
  return SIMULATED_AREAS.map((name, i) => {
    const base = table[name] as AreaSpec;
    const override = config.areas[name] ?? {};
    const size = KAY_ROI_SIZES[name] as number;
    return {
      name,
      code: i + 1,
      nVoxels: Math.max(1, Math.round(size * config.voxelScale)),
      layer: override.layer ?? base.layer,
      snr: override.snr ?? base.snr,
      nonlinearity: override.nonlinearity ?? base.nonlinearity,
    };
  });
}
