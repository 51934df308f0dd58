import { NtError } from "@neurotranslator/schema";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import type { OnnxImageInput } from "./onnx-file.ts";

const Rgb = z.tuple([z.number(), z.number(), z.number()]);

/**
 * How prepared RGB images in [0, 1] become an ONNX model's input tensor, recorded with the feature
 * set (part of its cache key): value = (v - mean[c]) / std[c] per channel, channels in
 * `channelOrder`, laid out as `layout`. `resize`: "stretch" scales the (cropped) image to `size`;
 * "shorter-side-crop" is torchvision's Resize(S) + CenterCrop(size): the central
 * size/S of the shorter side is kept, then scaled to `size` (same bilinear, half-pixel rule).
 */
export const ModelInput = z.object({
  size: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  layout: z.enum(["nchw", "nhwc"]),
  channelOrder: z.enum(["rgb", "bgr"]),
  mean: Rgb,
  std: Rgb,
  resize: z.discriminatedUnion("rule", [
    z.object({ rule: z.literal("stretch") }),
    z.object({ rule: z.literal("shorter-side-crop"), shorterSide: z.number().int().positive() }),
  ]),
});
export type ModelInput = z.infer<typeof ModelInput>;

/** What a user, a sidecar file or a registry entry may say about the input (all optional). */
export interface ModelInputHints {
  inputSize?: [number, number] | undefined;
  mean?: number[] | undefined;
  std?: number[] | undefined;
  channelOrder?: "rgb" | "bgr" | undefined;
  layout?: "nchw" | "nhwc" | undefined;
  /** "stretch" or "shorter:S" (torchvision's Resize(S) + CenterCrop). */
  resize?: string | undefined;
}

/** ImageNet statistics torchvision models were trained with (RGB in [0, 1]). */
export const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

const Sidecar = z.strictObject({
  inputSize: z
    .union([z.number().int().positive(), z.tuple([z.number().int().positive(), z.number().int().positive()])])
    .optional(),
  mean: z.array(z.number()).optional(),
  std: z.array(z.number()).optional(),
  channelOrder: z.enum(["rgb", "bgr"]).optional(),
  layout: z.enum(["nchw", "nhwc"]).optional(),
  resize: z.string().optional(),
});

/**
 * The sidecar beside a model file: `<model>.onnx.json` or `preprocessing.json` in its folder, with
 * keys inputSize (n or [h, w]), mean, std, channelOrder, layout, resize. Undefined when there is
 * none; NtError BAD_INPUT naming the file and key when it is malformed.
 */
export function readSidecar(modelPath: string): { file: string; hints: ModelInputHints } | undefined {
  const file = [`${modelPath}.json`, join(dirname(modelPath), "preprocessing.json")].find((f) =>
    existsSync(f),
  );
  if (file === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new NtError("BAD_INPUT", `${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = Sidecar.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NtError(
      "BAD_INPUT",
      `${file}: ${issue?.path.join(".") || "(root)"}: ${issue?.message} (keys: inputSize, mean, std, channelOrder, layout, resize)`,
    );
  }
  const { inputSize, ...rest } = parsed.data;
  return {
    file,
    hints: {
      ...rest,
      ...(inputSize === undefined
        ? {}
        : { inputSize: typeof inputSize === "number" ? [inputSize, inputSize] : inputSize }),
    },
  };
}

/**
 * Settles the model input from, in order of precedence, the flags, the sidecar and the registry
 * entry, checked against the graph's declared input. NtError BAD_INPUT naming the source of a
 * wrong value: a layout that contradicts the graph's input shape, an input size that differs from a
 * fixed one (or none for a dynamic one), means outside [0, 1] (0-255 statistics), non-positive
 * stds, anything but three values. `notes` say what was assumed.
 */
export function resolveModelInput(
  input: OnnxImageInput,
  sources: {
    flags?: ModelInputHints;
    sidecar?: { file: string; hints: ModelInputHints } | undefined;
    registry?: ModelInputHints | undefined;
  },
): { modelInput: ModelInput; notes: string[] } {
  const layers: Array<[string, ModelInputHints]> = [];
  if (sources.flags) layers.push(["flag", sources.flags]);
  if (sources.sidecar) layers.push([sources.sidecar.file, sources.sidecar.hints]);
  if (sources.registry) layers.push(["registry entry", sources.registry]);
  const pick = <K extends keyof ModelInputHints>(
    key: K,
  ): [string, NonNullable<ModelInputHints[K]>] | undefined => {
    for (const [where, hints] of layers)
      if (hints[key] !== undefined) return [where, hints[key] as NonNullable<ModelInputHints[K]>];
    return undefined;
  };
  const notes: string[] = [];
  const name = (where: string, flag: string) => (where === "flag" ? `--${flag}` : `${where} "${flag}"`);

  const layout = pick("layout");
  if (layout && layout[1] !== input.layout) {
    throw new NtError(
      "BAD_INPUT",
      `${name(layout[0], "layout")} ${layout[1]} contradicts the model's input "${input.name}" [${input.dims.join(", ")}], which is ${input.layout.toUpperCase()} (3 channels on axis ${input.layout === "nchw" ? 1 : 3})`,
    );
  }
  const sizeHint = pick("inputSize");
  let size: [number, number];
  if (sizeHint) {
    const [h, w] = sizeHint[1];
    if (input.size && (input.size[0] !== h || input.size[1] !== w)) {
      throw new NtError(
        "BAD_INPUT",
        `${name(sizeHint[0], "input-size")} ${h}x${w} differs from the model's fixed input "${input.name}" [${input.dims.join(", ")}]`,
      );
    }
    size = [h, w];
  } else if (input.size) {
    size = input.size;
  } else {
    throw new NtError(
      "BAD_INPUT",
      `the model's input "${input.name}" [${input.dims.join(", ")}] has no fixed height and width: give --input-size (e.g. 224) or inputSize in a sidecar JSON`,
    );
  }
  const mean = rgbHint(
    pick("mean"),
    "mean",
    name,
    (v) => v >= 0 && v <= 1,
    "in [0, 1]: statistics of RGB values scaled to [0, 1] (divide 0-255 statistics by 255; ImageNet: 0.485,0.456,0.406)",
  );
  const std = rgbHint(
    pick("std"),
    "std",
    name,
    (v) => v > 0 && v <= 1,
    "in (0, 1]: statistics of RGB values scaled to [0, 1] (divide 0-255 statistics by 255; ImageNet: 0.229,0.224,0.225)",
  );
  if (!mean && !std)
    notes.push(
      "no --mean/--std (or sidecar): the model gets RGB values in [0, 1] unnormalised; torchvision models expect --mean 0.485,0.456,0.406 --std 0.229,0.224,0.225",
    );
  const resizeHint = pick("resize");
  const resize = resizeHint
    ? parseResize(resizeHint[1], name(resizeHint[0], "resize"), size)
    : ({ rule: "stretch" } as const);
  return {
    modelInput: {
      size,
      layout: input.layout,
      channelOrder: pick("channelOrder")?.[1] ?? "rgb",
      mean: mean ?? [0, 0, 0],
      std: std ?? [1, 1, 1],
      resize,
    },
    notes,
  };
}

function rgbHint(
  hint: [string, number[]] | undefined,
  flag: string,
  name: (where: string, flag: string) => string,
  ok: (v: number) => boolean,
  rule: string,
): [number, number, number] | undefined {
  if (!hint) return undefined;
  const [where, values] = hint;
  if (values.length !== 3 || !values.every((v) => Number.isFinite(v))) {
    throw new NtError("BAD_INPUT", `${name(where, flag)} ${values.join(",")}: expected three numbers R,G,B`);
  }
  if (!values.every(ok))
    throw new NtError("BAD_INPUT", `${name(where, flag)} ${values.join(",")}: each value must be ${rule}`);
  return values as [number, number, number];
}

function parseResize(spec: string, what: string, size: [number, number]): ModelInput["resize"] {
  if (spec === "stretch") return { rule: "stretch" };
  const m = /^shorter:(\d+)$/.exec(spec);
  if (!m)
    throw new NtError(
      "BAD_INPUT",
      `${what} "${spec}": expected stretch or shorter:S (torchvision Resize(S) then CenterCrop to the input size)`,
    );
  const shorterSide = Number(m[1]);
  if (shorterSide < Math.max(...size))
    throw new NtError(
      "BAD_INPUT",
      `${what} "${spec}": the shorter side ${shorterSide} is smaller than the ${size[0]}x${size[1]} crop`,
    );
  return { rule: "shorter-side-crop", shorterSide };
}

/** The central-crop fraction a resize rule implies (1 for "stretch"): CenterCrop(size) of Resize(S) keeps size/S of the shorter side. */
export function resizeCropFraction(modelInput: ModelInput): number {
  const r = modelInput.resize;
  return r.rule === "stretch" ? 1 : Math.min(...modelInput.size) / r.shorterSide;
}

/**
 * Prepared images [n, H, W, 3] (RGB in [0, 1], NHWC) -> the model's tensor: per channel
 * (v - mean) / std, channels reordered, transposed to NCHW when the model wants it.
 */
export function toModelTensor(nhwc: Float32Array, n: number, modelInput: ModelInput): Float32Array {
  const [h, w] = modelInput.size;
  const plane = h * w;
  const out = new Float32Array(n * plane * 3);
  const order = modelInput.channelOrder === "bgr" ? [2, 1, 0] : [0, 1, 2];
  const scale = modelInput.std.map((s) => 1 / s);
  const { mean } = modelInput;
  for (let i = 0; i < n; i++) {
    const base = i * plane * 3;
    for (let k = 0; k < 3; k++) {
      const src = order[k] as number;
      const m = mean[src] as number;
      const s = scale[src] as number;
      if (modelInput.layout === "nchw") {
        const dst = base + k * plane;
        for (let p = 0; p < plane; p++) out[dst + p] = ((nhwc[base + p * 3 + src] as number) - m) * s;
      } else {
        for (let p = 0; p < plane; p++)
          out[base + p * 3 + k] = ((nhwc[base + p * 3 + src] as number) - m) * s;
      }
    }
  }
  return out;
}
