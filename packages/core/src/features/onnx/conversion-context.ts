import { NtError } from "@neurotranslator/schema";
import type { OnnxGraphBuilder } from "./onnx-builder.ts";
import type { TfNode } from "./tf-node.ts";

/**
 * A converted tensor: its ONNX name and its shape in TensorFlow terms (rank-4 values are NHWC
 * in TF and NCHW in ONNX; other ranks keep their layout). -1 = unknown (the batch).
 */
export interface TensorValue {
  kind: "tensor";
  onnx: string;
  shape: number[];
}

/** A TF constant (from the model's weights), emitted per use in the layout the consumer needs. */
export interface ConstValue {
  kind: "const";
  name: string;
  shape: number[];
  data: Float32Array | Int32Array;
}

export type Value = TensorValue | ConstValue;

/** What an op converter gets: the graph under construction and the values of the node's inputs. */
export interface ConversionContext {
  builder: OnnxGraphBuilder;
  node: TfNode;
  inputs: Value[];
}

/** The input at `index` as a converted tensor (NtError ENGINE naming the node otherwise). */
export function tensorInput(ctx: ConversionContext, index: number): TensorValue {
  const v = ctx.inputs[index];
  if (v?.kind !== "tensor")
    throw unsupported(
      ctx.node,
      `input ${index} must be a computed tensor, got ${v === undefined ? "nothing" : `constant "${v.name}"`}`,
    );
  return v;
}

/** The input at `index` as a float32 constant. */
export function constInput(ctx: ConversionContext, index: number): ConstValue & { data: Float32Array } {
  const v = ctx.inputs[index];
  if (v?.kind !== "const" || !(v.data instanceof Float32Array))
    throw unsupported(ctx.node, `input ${index} must be a float32 constant (weights)`);
  return v as ConstValue & { data: Float32Array };
}

/** The input at `index` as integer constants (axes, shapes). */
export function intConstInput(ctx: ConversionContext, index: number): number[] {
  const v = ctx.inputs[index];
  if (v?.kind !== "const") throw unsupported(ctx.node, `input ${index} must be an integer constant`);
  return Array.from(v.data, Number);
}

/** NtError ENGINE for a node the converter cannot express (the caller falls back to TF.js). */
export function unsupported(node: TfNode, why: string): NtError {
  return new NtError("ENGINE", `ONNX conversion: node "${node.name}" (op ${node.op}): ${why}`);
}
