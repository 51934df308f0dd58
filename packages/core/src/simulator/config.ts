import { z } from "zod";
import { NtError } from "@neurotranslator/data/errors";
import { KAY_ROI_NAMES, KAY_ROI_SIZES } from "@neurotranslator/data/schema";

/** The visual areas the simulator generates, in ROI-code order (code = index + 1). */
export const SIMULATED_AREAS = KAY_ROI_NAMES.slice(1) as readonly string[];

/** Reserved layer name: the simulator computes Gabor-energy features from the stimuli itself (see gabor-energy.ts). */
export const GABOR_LAYER = "gabor_energy";

/** What one area is tuned to and how noisy it is. */
export const AreaSpec = z.object({
  /** Feature layer the area's voxels are linear in: a key of the caller's feature map, or "gabor_energy". */
  layer: z.string().min(1),
  /** Median single-repeat SNR: signal variance / noise variance of one measurement (per voxel it is lognormal around this). */
  snr: z.number().positive(),
});
export type AreaSpec = z.infer<typeof AreaSpec>;

/**
 * Default tuning and noise, Kay-like. Layers: MobileNet v1 pointwise blocks, early to late.
 * SNR s gives a single-repeat test-retest reliability s / (1 + s): V1 0.50 ... LatOcc 0.23, the
 * 0.2-0.6 range of Kay et al. 2008 voxels, higher in early areas as measured there.
 */
export const DEFAULT_AREAS: Readonly<Record<string, AreaSpec>> = {
  V1: { layer: "conv2d_1", snr: 1.0 },
  V2: { layer: "conv2d_3", snr: 0.8 },
  V3: { layer: "conv2d_5", snr: 0.6 },
  V3A: { layer: "conv2d_7", snr: 0.5 },
  V3B: { layer: "conv2d_7", snr: 0.4 },
  V4: { layer: "conv2d_11", snr: 0.5 },
  LatOcc: { layer: "global_pool", snr: 0.3 },
};

/**
 * Simulator settings; every field has a default, and the resolved object is stored with the
 * dataset (with the seed, it says exactly how the data were made).
 */
export const SimulatorConfig = z.object({
  /** Seeds every random draw (split, tuning weights, voxel SNRs, noise loadings, noise). */
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** Per-area overrides of DEFAULT_AREAS (partial: e.g. { V4: { layer: "conv2d_9" } }). */
  areas: z.record(z.string(), AreaSpec.partial()).default({}),
  /** Voxels per area = max(1, round(KAY_ROI_SIZES[area] * voxelScale)); 1 = the Kay sizes (8,428). */
  voxelScale: z.number().positive().max(1).default(1),
  /** Fraction of an area layer's (non-constant) features each voxel weights: k = max(1, round(fraction * D)). */
  featureFraction: z.number().gt(0).max(1).default(0.2),
  /** SD of log(SNR) across the voxels of an area (0 = every voxel has the area's SNR). */
  snrLogSd: z.number().min(0).max(3).default(0.5),
  sharedNoise: z
    .object({
      /** Fraction of each voxel's noise variance that is shared (low-rank). */
      fraction: z.number().min(0).max(1).default(0.3),
      /** Factors shared by all voxels of all areas (scanner drift, physiology); the first is a global signal. */
      globalFactors: z.number().int().min(0).max(64).default(4),
      /** Factors shared within each area. */
      areaFactors: z.number().int().min(0).max(64).default(2),
    })
    .default({ fraction: 0.3, globalFactors: 4, areaFactors: 2 }),
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

/** One area after defaults: its ROI code, voxel count and tuning. */
export interface ResolvedArea {
  name: string;
  code: number;
  nVoxels: number;
  layer: string;
  snr: number;
}

/** Validates raw settings (NtError BAD_INPUT naming the field) and fills the defaults. */
export function parseSimulatorConfig(raw: SimulatorConfigInput | undefined): SimulatorConfig {
  const parsed = SimulatorConfig.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new NtError("BAD_INPUT", `simulator config: ${issues}`);
  }
  const unknown = Object.keys(parsed.data.areas).filter((a) => !SIMULATED_AREAS.includes(a));
  if (unknown.length > 0) {
    throw new NtError("BAD_INPUT", `simulator config: unknown area(s) ${unknown.join(", ")}; expected ${SIMULATED_AREAS.join(", ")}`);
  }
  return parsed.data;
}

/** The areas in ROI-code order with their voxel counts and (overridden) tuning. */
export function resolveAreas(config: SimulatorConfig): ResolvedArea[] {
  return SIMULATED_AREAS.map((name, i) => {
    const base = DEFAULT_AREAS[name] as AreaSpec;
    const override = config.areas[name] ?? {};
    const size = KAY_ROI_SIZES[name] as number;
    return {
      name,
      code: i + 1,
      nVoxels: Math.max(1, Math.round(size * config.voxelScale)),
      layer: override.layer ?? base.layer,
      snr: override.snr ?? base.snr,
    };
  });
}
