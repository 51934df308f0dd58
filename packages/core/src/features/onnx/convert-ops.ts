import { attrBool, attrInts } from "./tf-node.ts";
import { convertConv, convertPool, emitActivation } from "./convert-conv.ts";
import {
  intConstInput,
  tensorInput,
  unsupported,
  type ConstValue,
  type ConversionContext,
  type TensorValue,
  type Value,
} from "./conversion-context.ts";

type OpConverter = (ctx: ConversionContext) => TensorValue;

const BINARY: Record<string, string> = {
  Add: "Add",
  AddV2: "Add",
  Sub: "Sub",
  Mul: "Mul",
  RealDiv: "Div",
  Maximum: "Max",
  Minimum: "Min",
};

/** The TF ops the converter handles (by TF op name). Anything else: NtError ENGINE naming the op. */
export const OP_CONVERTERS: Record<string, OpConverter> = {
  Conv2D: (ctx) => convertConv(ctx, false),
  _FusedConv2D: (ctx) => convertConv(ctx, false),
  DepthwiseConv2dNative: (ctx) => convertConv(ctx, true),
  FusedDepthwiseConv2dNative: (ctx) => convertConv(ctx, true),
  AvgPool: (ctx) => convertPool(ctx, "avg"),
  MaxPool: (ctx) => convertPool(ctx, "max"),
  Relu: (ctx) => emitActivation(ctx, "Relu", tensorInput(ctx, 0), ctx.node.name),
  Relu6: (ctx) => emitActivation(ctx, "Relu6", tensorInput(ctx, 0), ctx.node.name),
  BiasAdd: (ctx) => binary(ctx, "Add"),
  Identity: (ctx) => tensorInput(ctx, 0),
  Mean: convertMean,
  Squeeze: convertSqueeze,
  Reshape: convertReshape,
  Softmax: convertSoftmax,
  ...Object.fromEntries(
    Object.entries(BINARY).map(([tf, onnx]) => [tf, (ctx: ConversionContext) => binary(ctx, onnx)]),
  ),
};

/**
 * Elementwise op of two tensors of the same shape, or of a tensor and a constant that is a
 * scalar or a per-channel vector [C] (placed as [C, 1, 1] to broadcast over NCHW).
 */
function binary(ctx: ConversionContext, onnxOp: string): TensorValue {
  const [a, b] = ctx.inputs as [Value, Value];
  if (ctx.inputs.length !== 2) throw unsupported(ctx.node, `${ctx.inputs.length} inputs, expected 2`);
  if (a.kind === "tensor" && b.kind === "tensor") {
    if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i]))
      throw unsupported(
        ctx.node,
        `operand shapes [${a.shape.join(", ")}] and [${b.shape.join(", ")}] differ (broadcasting between tensors is not supported)`,
      );
    ctx.builder.node(onnxOp, [a.onnx, b.onnx], [ctx.node.name]);
    return { ...a, onnx: ctx.node.name };
  }
  if (a.kind === "const" && b.kind === "const")
    throw unsupported(ctx.node, "both operands are constants (constant folding is not supported)");
  const tensor = (a.kind === "tensor" ? a : b) as TensorValue;
  const constant = broadcastConst(ctx, a.kind === "const" ? a : (b as ConstValue), tensor);
  ctx.builder.node(onnxOp, a.kind === "tensor" ? [a.onnx, constant] : [constant, tensor.onnx], [
    ctx.node.name,
  ]);
  return { ...tensor, onnx: ctx.node.name };
}

function broadcastConst(ctx: ConversionContext, c: ConstValue, tensor: TensorValue): string {
  if (!(c.data instanceof Float32Array)) throw unsupported(ctx.node, `constant "${c.name}" is not float32`);
  const size = c.data.length;
  const channels = tensor.shape[tensor.shape.length - 1];
  const trailing = c.shape.filter((d, i) => !(d === 1 && i < c.shape.length - 1));
  if (size === 1) return ctx.builder.floatConst(ctx.builder.fresh(`${c.name}/scalar`), [], c.data);
  if (trailing.length === 1 && size === channels) {
    const dims = tensor.shape.length === 4 ? [size, 1, 1] : [size];
    return ctx.builder.floatConst(ctx.builder.fresh(`${c.name}/channels`), dims, c.data);
  }
  throw unsupported(
    ctx.node,
    `constant "${c.name}" of shape [${c.shape.join(", ")}] does not broadcast as a scalar or per-channel vector over [${tensor.shape.join(", ")}]`,
  );
}

/** Mean over H and W of an NHWC tensor -> GlobalAveragePool (+ Flatten when keep_dims is false). */
function convertMean(ctx: ConversionContext): TensorValue {
  const x = tensorInput(ctx, 0);
  const axes = intConstInput(ctx, 1)
    .map((a) => (a < 0 ? a + x.shape.length : a))
    .sort();
  if (x.shape.length !== 4 || axes.join(",") !== "1,2")
    throw unsupported(
      ctx.node,
      `mean over axes [${axes.join(", ")}] of rank ${x.shape.length} (only the spatial axes [1, 2] of NHWC)`,
    );
  const keep = attrBool(ctx.node, "keep_dims", false);
  const n = x.shape[0] as number;
  const c = x.shape[3] as number;
  const pooled = keep ? ctx.node.name : ctx.builder.fresh(`${ctx.node.name}/gap`);
  ctx.builder.node("GlobalAveragePool", [x.onnx], [pooled]);
  if (keep) return { kind: "tensor", onnx: pooled, shape: [n, 1, 1, c] };
  ctx.builder.node("Flatten", [pooled], [ctx.node.name], { axis: 1 });
  return { kind: "tensor", onnx: ctx.node.name, shape: [n, c] };
}

/** Squeeze of [N, 1, 1, C] (axes [1, 2] or none) -> Flatten to [N, C]. */
function convertSqueeze(ctx: ConversionContext): TensorValue {
  const x = tensorInput(ctx, 0);
  const dims = attrInts(ctx.node, "squeeze_dims", [])
    .map((a) => (a < 0 ? a + x.shape.length : a))
    .sort();
  const spatialOnes = x.shape.length === 4 && x.shape[1] === 1 && x.shape[2] === 1;
  if (
    !spatialOnes ||
    !(dims.length === 0 || dims.join(",") === "1,2") ||
    (dims.length === 0 && x.shape[3] === 1)
  ) {
    throw unsupported(
      ctx.node,
      `squeeze of [${x.shape.join(", ")}] over [${dims.join(", ")}] (only [N, 1, 1, C] -> [N, C])`,
    );
  }
  return flattenTo2d(ctx, x);
}

/** Reshape of [N, 1, 1, C] to [-1 or N, C] -> Flatten (other reshapes change NHWC/NCHW order: unsupported). */
function convertReshape(ctx: ConversionContext): TensorValue {
  const x = tensorInput(ctx, 0);
  const target = intConstInput(ctx, 1);
  const c = x.shape[x.shape.length - 1];
  const spatialOnes = x.shape.length === 4 && x.shape[1] === 1 && x.shape[2] === 1;
  if (
    !(spatialOnes || x.shape.length === 2) ||
    target.length !== 2 ||
    target[1] !== c ||
    !(target[0] === -1 || target[0] === x.shape[0])
  ) {
    throw unsupported(
      ctx.node,
      `reshape of [${x.shape.join(", ")}] to [${target.join(", ")}] (only [N, 1, 1, C] or [N, C] -> [N, C])`,
    );
  }
  return x.shape.length === 2 ? x : flattenTo2d(ctx, x);
}

function convertSoftmax(ctx: ConversionContext): TensorValue {
  const x = tensorInput(ctx, 0);
  if (x.shape.length !== 2) throw unsupported(ctx.node, `softmax of rank ${x.shape.length} (only [N, D])`);
  ctx.builder.node("Softmax", [x.onnx], [ctx.node.name], { axis: 1 });
  return { ...x, onnx: ctx.node.name };
}

function flattenTo2d(ctx: ConversionContext, x: TensorValue): TensorValue {
  ctx.builder.node("Flatten", [x.onnx], [ctx.node.name], { axis: 1 });
  return { kind: "tensor", onnx: ctx.node.name, shape: [x.shape[0] as number, x.shape[3] as number] };
}
