import { attrInts, attrString, attrStrings } from "./tf-node.ts";
import { explicitAxisPadding, tfAxisPadding, type AxisPadding } from "./tf-padding.ts";
import {
  constInput,
  tensorInput,
  unsupported,
  type ConversionContext,
  type TensorValue,
} from "./conversion-context.ts";

/** Activations a fused TF conv may end with, and the ONNX they become. */
const FUSED_ACTIVATIONS = new Set(["Relu", "Relu6"]);

/**
 * Conv2D / _FusedConv2D / DepthwiseConv2dNative / FusedDepthwiseConv2dNative (NHWC) -> ONNX Conv
 * (NCHW) with explicit pads, then the fused activation. Filters: conv HWIO -> OIHW; depthwise
 * [kh, kw, C, m] -> group conv [C * m, 1, kh, kw] with group = C (output channel c * m + k, as TF).
 */
export function convertConv(ctx: ConversionContext, depthwise: boolean): TensorValue {
  const { node, builder } = ctx;
  const x = tensorInput(ctx, 0);
  const filter = constInput(ctx, 1);
  if (x.shape.length !== 4) throw unsupported(node, `input rank ${x.shape.length}, expected NHWC rank 4`);
  if (attrString(node, "data_format", "NHWC") !== "NHWC")
    throw unsupported(node, `data_format ${attrString(node, "data_format")} (only NHWC)`);
  const [kh, kw, cin, last] = filter.shape as [number, number, number, number];
  if (filter.shape.length !== 4)
    throw unsupported(node, `filter shape [${filter.shape.join(", ")}] is not rank 4`);
  const [, h, w, c] = x.shape as [number, number, number, number];
  if (c !== cin) throw unsupported(node, `input has ${c} channels but the filter expects ${cin}`);
  const strides = attrInts(node, "strides", [1, 1, 1, 1]);
  const dilations = attrInts(node, "dilations", [1, 1, 1, 1]);
  if (strides[0] !== 1 || strides[3] !== 1 || dilations[0] !== 1 || dilations[3] !== 1)
    throw unsupported(
      node,
      `strides [${strides.join(", ")}] / dilations [${dilations.join(", ")}] over batch or channels`,
    );
  const axes = [
    { size: h, kernel: kh, stride: strides[1] as number, dilation: dilations[1] as number },
    { size: w, kernel: kw, stride: strides[2] as number, dilation: dilations[2] as number },
  ];
  const [ph, pw] = windowPadding(ctx, axes) as [AxisPadding, AxisPadding];
  const cout = depthwise ? cin * last : last;
  const weights = depthwise
    ? depthwiseToOihw(filter.data, kh, kw, cin, last)
    : hwioToOihw(filter.data, kh, kw, cin, last);
  const inputs = [
    x.onnx,
    builder.floatConst(
      builder.fresh(`${filter.name}/oihw`),
      depthwise ? [cout, 1, kh, kw] : [cout, cin, kh, kw],
      weights,
    ),
  ];
  const fused = attrStrings(node, "fused_ops");
  let activation: string | undefined;
  if (fused.length > 0) {
    if (
      fused[0] !== "BiasAdd" ||
      fused.length > 2 ||
      (fused[1] !== undefined && !FUSED_ACTIVATIONS.has(fused[1]))
    )
      throw unsupported(
        node,
        `fused_ops [${fused.join(", ")}] (supported: BiasAdd, optionally then Relu or Relu6)`,
      );
    const bias = constInput(ctx, 2);
    if (bias.data.length !== cout)
      throw unsupported(node, `bias has ${bias.data.length} values for ${cout} output channels`);
    inputs.push(builder.floatConst(builder.fresh(`${bias.name}/bias`), [cout], bias.data));
    activation = fused[1];
  }
  const convOut = activation ? builder.fresh(`${node.name}/conv`) : node.name;
  builder.node("Conv", inputs, [convOut], {
    kernel_shape: [kh, kw],
    strides: [axes[0]?.stride as number, axes[1]?.stride as number],
    dilations: [axes[0]?.dilation as number, axes[1]?.dilation as number],
    pads: [ph.before, pw.before, ph.after, pw.after],
    group: depthwise ? cin : 1,
  });
  const value: TensorValue = {
    kind: "tensor",
    onnx: convOut,
    shape: [x.shape[0] as number, ph.out, pw.out, cout],
  };
  return activation ? emitActivation(ctx, activation, value, node.name) : value;
}

/**
 * AvgPool / MaxPool (NHWC) -> AveragePool / MaxPool (NCHW). TF's average excludes the padded
 * cells (count_include_pad = 0).
 */
export function convertPool(ctx: ConversionContext, kind: "avg" | "max"): TensorValue {
  const { node, builder } = ctx;
  const x = tensorInput(ctx, 0);
  if (x.shape.length !== 4) throw unsupported(node, `input rank ${x.shape.length}, expected NHWC rank 4`);
  if (attrString(node, "data_format", "NHWC") !== "NHWC") throw unsupported(node, "data_format is not NHWC");
  const ksize = attrInts(node, "ksize");
  const strides = attrInts(node, "strides");
  if (ksize[0] !== 1 || ksize[3] !== 1 || strides[0] !== 1 || strides[3] !== 1)
    throw unsupported(
      node,
      `ksize [${ksize.join(", ")}] / strides [${strides.join(", ")}] pool over batch or channels`,
    );
  const axes = [1, 2].map((a) => ({
    size: x.shape[a] as number,
    kernel: ksize[a] as number,
    stride: strides[a] as number,
    dilation: 1,
  }));
  const [ph, pw] = windowPadding(ctx, axes) as [AxisPadding, AxisPadding];
  builder.node(kind === "avg" ? "AveragePool" : "MaxPool", [x.onnx], [node.name], {
    kernel_shape: [ksize[1] as number, ksize[2] as number],
    strides: [strides[1] as number, strides[2] as number],
    pads: [ph.before, pw.before, ph.after, pw.after],
    ...(kind === "avg" ? { count_include_pad: 0 } : {}),
  });
  return {
    kind: "tensor",
    onnx: node.name,
    shape: [x.shape[0] as number, ph.out, pw.out, x.shape[3] as number],
  };
}

/** Relu6 -> Clip(0, 6); Relu -> Relu. Writes `outName`. */
export function emitActivation(
  ctx: ConversionContext,
  op: string,
  x: TensorValue,
  outName: string,
): TensorValue {
  const { builder } = ctx;
  if (op === "Relu6") {
    builder.node(
      "Clip",
      [
        x.onnx,
        builder.floatConst(builder.fresh("zero"), [], new Float32Array([0])),
        builder.floatConst(builder.fresh("six"), [], new Float32Array([6])),
      ],
      [outName],
    );
  } else if (op === "Relu") {
    builder.node("Relu", [x.onnx], [outName]);
  } else {
    throw unsupported(ctx.node, `activation ${op}`);
  }
  return { ...x, onnx: outName };
}

function windowPadding(
  ctx: ConversionContext,
  axes: Array<{ size: number; kernel: number; stride: number; dilation: number }>,
): AxisPadding[] {
  const padding = attrString(ctx.node, "padding");
  if (axes.some((a) => a.size < 1))
    throw unsupported(ctx.node, `spatial size [${axes.map((a) => a.size).join(", ")}] is unknown`);
  if (padding === "SAME" || padding === "VALID") return axes.map((a) => tfAxisPadding(a, padding));
  if (padding === "EXPLICIT") {
    // explicit_paddings: [n0, n1, h0, h1, w0, w1, c0, c1] for NHWC.
    const p = attrInts(ctx.node, "explicit_paddings");
    if (p.length !== 8 || p[0] || p[1] || p[6] || p[7])
      throw unsupported(ctx.node, `explicit_paddings [${p.join(", ")}] pad batch or channels`);
    return axes.map((a, i) => explicitAxisPadding(a, p[2 + 2 * i] as number, p[3 + 2 * i] as number));
  }
  throw unsupported(ctx.node, `padding "${padding}"`);
}

function hwioToOihw(data: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) {
          out[((o * cin + i) * kh + y) * kw + x] = data[((y * kw + x) * cin + i) * cout + o] as number;
        }
  return out;
}

function depthwiseToOihw(
  data: Float32Array,
  kh: number,
  kw: number,
  cin: number,
  mult: number,
): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let c = 0; c < cin; c++)
        for (let m = 0; m < mult; m++) {
          out[((c * mult + m) * kh + y) * kw + x] = data[((y * kw + x) * cin + c) * mult + m] as number;
        }
  return out;
}
