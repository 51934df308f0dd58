import { NtError } from "@neurotranslator/data/errors";
import type { ModelInputHints, PreparationInput } from "@neurotranslator/core";
import { parseInteger, parseNumber, parseNumbers } from "../../flags.ts";

/**
 * The preparation flags as a PreparationInput (core's parsePreparation fills defaults and checks ranges):
 * --value-range robust-global[:LOW,HIGH] | minmax-global | per-image | clip:MIN,MAX;
 * --crop FRACTION (central square, 0 < f <= 1); --aperture none | circle[:RADIUS[,FILL]].
 */
export function preparationFlags(opts: {
  valueRange?: string;
  crop?: string;
  aperture?: string;
}): PreparationInput {
  const out: PreparationInput = {};
  if (opts.valueRange !== undefined) out.range = valueRange(opts.valueRange);
  const crop = parseNumber("--crop", opts.crop);
  if (crop !== undefined) out.centerCropFraction = crop;
  if (opts.aperture !== undefined) out.aperture = aperture(opts.aperture);
  return out;
}

function valueRange(spec: string): NonNullable<PreparationInput["range"]> {
  const [mode, args] = spec.split(":", 2);
  const numbers = args === undefined ? [] : parseNumbers("--value-range", args);
  if (mode === "minmax-global" || mode === "per-image") {
    if (args !== undefined)
      throw new NtError("BAD_INPUT", `--value-range ${mode} takes no values, got "${spec}"`);
    return { mode };
  }
  if (mode === "robust-global" && (numbers.length === 0 || numbers.length === 2)) {
    return numbers.length === 0
      ? { mode }
      : { mode, lowPercentile: numbers[0] as number, highPercentile: numbers[1] as number };
  }
  if (mode === "clip" && numbers.length === 2)
    return { mode, min: numbers[0] as number, max: numbers[1] as number };
  throw new NtError(
    "BAD_INPUT",
    `--value-range "${spec}": expected robust-global[:LOW,HIGH], minmax-global, per-image or clip:MIN,MAX`,
  );
}

function aperture(spec: string): NonNullable<PreparationInput["aperture"]> {
  const [kind, args] = spec.split(":", 2);
  if (kind === "none" && args === undefined) return { kind };
  if (kind === "circle") {
    const [radius, fill, extra] = args === undefined ? [] : args.split(",");
    if (extra === undefined) {
      return {
        kind,
        ...(radius === undefined ? {} : { radiusFraction: parseNumber("--aperture radius", radius) }),
        ...(fill === undefined ? {} : { fill: parseNumber("--aperture fill", fill) }),
      };
    }
  }
  throw new NtError(
    "BAD_INPUT",
    `--aperture "${spec}": expected none or circle[:RADIUS[,FILL]] (radius as a fraction of half the side, fill in [0, 1])`,
  );
}

/** The ONNX input flags as hints (core's resolveModelInput checks them against the model). */
export function onnxInputFlags(opts: {
  inputSize?: string;
  mean?: string;
  std?: string;
  channelOrder?: string;
  layout?: string;
  resize?: string;
}): ModelInputHints {
  const out: ModelInputHints = {};
  if (opts.inputSize !== undefined) {
    const parts = opts.inputSize
      .split(/[x,]/)
      .map((p) => parseInteger("--input-size", p.trim(), { min: 1, max: 8192 }));
    if (parts.length < 1 || parts.length > 2)
      throw new NtError("BAD_INPUT", `--input-size "${opts.inputSize}": expected S or H,W (e.g. 224)`);
    out.inputSize = [parts[0] as number, (parts[1] ?? parts[0]) as number];
  }
  if (opts.mean !== undefined) out.mean = parseNumbers("--mean", opts.mean);
  if (opts.std !== undefined) out.std = parseNumbers("--std", opts.std);
  if (opts.channelOrder !== undefined) {
    if (opts.channelOrder !== "rgb" && opts.channelOrder !== "bgr")
      throw new NtError("BAD_INPUT", `--channel-order "${opts.channelOrder}": expected rgb or bgr`);
    out.channelOrder = opts.channelOrder;
  }
  if (opts.layout !== undefined) {
    if (opts.layout !== "nchw" && opts.layout !== "nhwc")
      throw new NtError("BAD_INPUT", `--layout "${opts.layout}": expected nchw or nhwc`);
    out.layout = opts.layout;
  }
  if (opts.resize !== undefined) out.resize = opts.resize;
  return out;
}

/** Registers the ONNX input flags on a command. */
export function withOnnxInputOptions<T extends { option(flags: string, description: string): T }>(
  command: T,
): T {
  return command
    .option("--input-size <S|H,W>", "ONNX: input height and width (needed when the graph leaves them open)")
    .option(
      "--mean <r,g,b>",
      "ONNX: per-channel mean subtracted from RGB values in [0, 1] (ImageNet/torchvision: 0.485,0.456,0.406)",
    )
    .option(
      "--std <r,g,b>",
      "ONNX: per-channel std the values are divided by (ImageNet/torchvision: 0.229,0.224,0.225)",
    )
    .option("--channel-order <rgb|bgr>", "ONNX: channel order the model expects (default rgb)")
    .option("--layout <nchw|nhwc>", "ONNX: checked against the model's input shape (recognised from it)")
    .option(
      "--resize <rule>",
      "ONNX: stretch (default: scale to the input size) | shorter:S (torchvision Resize(S) + CenterCrop)",
    );
}
