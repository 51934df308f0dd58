import { NtError } from "@neurotranslator/schema";

/** One spatial axis of a TF convolution or pooling window. */
export interface WindowAxis {
  /** Input length along the axis. */
  size: number;
  kernel: number;
  stride: number;
  dilation: number;
}

/** Output length and padding (before, after) of one axis, as TensorFlow computes them. */
export interface AxisPadding {
  out: number;
  before: number;
  after: number;
}

/**
 * TensorFlow's padding rule for one axis. VALID: out = ceil((size - (kernel - 1) * dilation) / stride),
 * no padding. SAME: out = ceil(size / stride), total = max((out - 1) * stride + effective - size, 0)
 * with effective = (kernel - 1) * dilation + 1, before = floor(total / 2), after = total - before:
 * TF pads the extra element at the end (ONNX's SAME_UPPER), e.g. 224 -> 112 with a 3x3 kernel,
 * stride 2: before 0, after 1.
 */
export function tfAxisPadding(axis: WindowAxis, padding: "SAME" | "VALID"): AxisPadding {
  const { size, kernel, stride, dilation } = axis;
  if (!(size > 0 && kernel > 0 && stride > 0 && dilation > 0)) {
    throw new NtError(
      "ENGINE",
      `ONNX conversion: window size ${size}, kernel ${kernel}, stride ${stride}, dilation ${dilation} must all be positive`,
    );
  }
  const effective = (kernel - 1) * dilation + 1;
  if (padding === "VALID") {
    const out = Math.ceil((size - effective + 1) / stride);
    if (out < 1)
      throw new NtError(
        "ENGINE",
        `ONNX conversion: VALID window of ${effective} does not fit input length ${size}`,
      );
    return { out, before: 0, after: 0 };
  }
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/** Output length for an explicit (before, after) padding: floor((size + before + after - effective) / stride) + 1. */
export function explicitAxisPadding(axis: WindowAxis, before: number, after: number): AxisPadding {
  const effective = (axis.kernel - 1) * axis.dilation + 1;
  const out = Math.floor((axis.size + before + after - effective) / axis.stride) + 1;
  if (out < 1)
    throw new NtError(
      "ENGINE",
      `ONNX conversion: explicit padding (${before}, ${after}) leaves no output for input length ${axis.size}`,
    );
  return { out, before, after };
}
