import { NtError, zodErrorText } from "@neurotranslator/schema";
import { z } from "zod";
import { ModelInput } from "../models/onnx/onnx-input.ts";

/**
 * How stimuli become model input. A plain JSON object, recorded with every feature set (it is
 * part of the feature cache key). Steps run in this order, on each image:
 *
 * 1. `range`: map values to [0, 1] (then clip to [0, 1]):
 *    - "robust-global" (default): the dataset-wide `lowPercentile` / `highPercentile` values
 *      (0.5 / 99.5) map to 0 / 1. Kay stimuli are floats roughly centred on 0 with rare extreme
 *      pixels, so min/max would compress the useful range; percentiles are computed from a
 *      4096-bin histogram between the global min and max, linearly interpolated inside the bin
 *      (error below 1/4096 of the value range).
 *    - "minmax-global": the dataset's min / max map to 0 / 1.
 *    - "per-image": each image's own min / max map to 0 / 1 (a constant image becomes 0.5).
 *    - "clip": values are clipped to [min, max], which then map to [0, 1].
 * 2. `centerCropFraction`: keep the central square of this fraction of the shorter side; 1 = no
 *    crop (a non-square image is then resized to the model's aspect; Kay images are square).
 * 3. `resize` to the model's input size: bilinear, as tf.image.resizeBilinear with
 *    alignCorners = false and halfPixelCenters = true (pixel centres at i + 0.5, as OpenCV/PIL).
 * 4. `aperture`: "circle" keeps pixels whose centre lies within `radiusFraction` x half the
 *    image side of the image centre and sets the rest to `fill` (0.5 = mid-gray); "none" keeps all.
 * 5. Gray to RGB by replicating the channel (3-channel inputs are kept as they are).
 * 6. `colorizer` (optional): a TF.js image-to-image model [N, H, W, 3] -> [N, H, W, 3] on [0, 1]
 *    values, loaded from a directory or URL; its output is clipped to [0, 1].
 * 7. Scaling from [0, 1] to the model's own input range (a property of the model, not of this object).
 * 8. `modelInput` (ONNX models only): per-channel (v - mean) / std, channel order and layout
 *    (see ModelInput); absent for TF.js models, so their cache keys are unchanged.
 */
export const RangeNormalisation = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("robust-global"),
    lowPercentile: z.number().min(0).max(100).default(0.5),
    highPercentile: z.number().min(0).max(100).default(99.5),
  }),
  z.object({ mode: z.literal("minmax-global") }),
  z.object({ mode: z.literal("per-image") }),
  z.object({ mode: z.literal("clip"), min: z.number(), max: z.number() }),
]);
export type RangeNormalisation = z.infer<typeof RangeNormalisation>;

export const Aperture = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({
    kind: z.literal("circle"),
    radiusFraction: z.number().positive().max(2).default(1),
    fill: z.number().min(0).max(1).default(0.5),
  }),
]);
export type Aperture = z.infer<typeof Aperture>;

export const Preparation = z
  .object({
    range: RangeNormalisation.default({ mode: "robust-global", lowPercentile: 0.5, highPercentile: 99.5 }),
    centerCropFraction: z.number().gt(0).max(1).default(1),
    resize: z
      .object({
        method: z.literal("bilinear"),
        alignCorners: z.literal(false),
        halfPixelCenters: z.literal(true),
      })
      .default({ method: "bilinear", alignCorners: false, halfPixelCenters: true }),
    aperture: Aperture.default({ kind: "none" }),
    channels: z.literal("replicate-gray").default("replicate-gray"),
    colorizer: z
      .object({
        source: z.string().min(1),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
      })
      .nullable()
      .default(null),
    modelInput: ModelInput.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.range.mode === "robust-global" && p.range.lowPercentile >= p.range.highPercentile) {
      ctx.addIssue({
        code: "custom",
        path: ["range"],
        message: "lowPercentile must be below highPercentile",
      });
    }
    if (p.range.mode === "clip" && !(p.range.min < p.range.max)) {
      ctx.addIssue({ code: "custom", path: ["range"], message: "clip min must be below max" });
    }
  });
/** A fully specified preparation (every default filled in). */
export type Preparation = z.infer<typeof Preparation>;
/** What callers may pass: any subset; `parsePreparation` fills the defaults. */
export type PreparationInput = z.input<typeof Preparation>;

/** Validates and completes a preparation; throws NtError BAD_INPUT naming the field at fault. */
export function parsePreparation(input: PreparationInput = {}): Preparation {
  const result = Preparation.safeParse(input);
  if (!result.success) {
    throw new NtError("BAD_INPUT", `invalid preparation: ${zodErrorText(result.error)}`);
  }
  return result.data;
}
