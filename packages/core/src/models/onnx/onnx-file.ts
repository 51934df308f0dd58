import onnxProto from "onnx-proto";
import { NtError } from "@neurotranslator/schema";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { freemem } from "node:os";
import { sha256 } from "../model-files.ts";

const { onnx } = onnxProto;
export type ModelProto = onnxProto.onnx.ModelProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type GraphProto = onnxProto.onnx.GraphProto;

/** The decoded graph (decoding fills every repeated field with an array). */
export function graphOf(model: { proto: ModelProto }): GraphProto {
  return model.proto.graph as GraphProto;
}

const FLOAT = 1;
/** Protocol buffers cannot hold more than 2 GiB; larger exports keep weights in external files. */
const PROTOBUF_LIMIT = 2 ** 31 - 1;

/** The image input of an ONNX model: [N, C, H, W] ("nchw") or [N, H, W, C] ("nhwc"); size undefined when dynamic. */
export interface OnnxImageInput {
  name: string;
  layout: "nchw" | "nhwc";
  /** The declared dims, symbolic ones as their name (e.g. "batch_size") or "?". */
  dims: Array<number | string>;
  /** [height, width] when the graph fixes them. */
  size: [number, number] | undefined;
}

/** An ONNX model read from disk and checked: one float image input, no external data, within memory. */
export interface OnnxModelFile {
  /** The .onnx file. */
  path: string;
  bytes: Uint8Array;
  /** sha256 of the file (hex): the model's identity in feature cache keys. */
  sha256: string;
  proto: ModelProto;
  /** The default-domain opset the graph declares. */
  opset: number;
  input: OnnxImageInput;
  /** The graph's declared outputs. */
  outputs: string[];
}

export interface ReadOnnxOptions {
  /**
   * Largest file accepted, bytes (default: a quarter of the free memory, since onnxruntime keeps
   * its own copy and a forward pass needs room for activations). NtError LIMIT above it.
   */
  maxBytes?: number;
}

/** Whether `spec` names an ONNX model: a .onnx path or URL, or a folder holding exactly one .onnx file. */
export function isOnnxSpec(spec: string): boolean {
  if (/^https?:\/\//i.test(spec)) return /\.onnx(\?|#|$)/i.test(spec);
  if (/\.onnx$/i.test(spec)) return true;
  try {
    return (
      statSync(spec).isDirectory() && !existsSync(join(spec, "model.json")) && onnxFilesIn(spec).length > 0
    );
  } catch {
    return false;
  }
}

/** The .onnx file `spec` names: the file itself, or the one .onnx file inside a folder. NtError NOT_FOUND / BAD_INPUT otherwise. */
export function onnxFilePath(spec: string): string {
  const path = resolve(spec);
  if (!existsSync(path)) throw new NtError("NOT_FOUND", `--model ${path}: no such file or folder`);
  if (!statSync(path).isDirectory()) return path;
  const files = onnxFilesIn(path);
  if (files.length !== 1) {
    throw new NtError(
      "BAD_INPUT",
      `--model ${path}: the folder holds ${files.length === 0 ? "no .onnx file" : `${files.length} .onnx files (${files.join(", ")}); name one`}`,
    );
  }
  return join(path, files[0] as string);
}

function onnxFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.onnx$/i.test(f))
    .sort();
}

/**
 * Reads and checks an ONNX model: the protobuf must decode to a ModelProto with a graph (else
 * NtError FORMAT "not an ONNX model"), weights must be inside the file (external data: FORMAT),
 * the file must fit `maxBytes` (LIMIT), and the graph must take one float32 image tensor
 * [N, 3, H, W] or [N, H, W, 3] besides its initializers (BAD_INPUT naming the input otherwise).
 */
export function readOnnxModel(file: string, options: ReadOnnxOptions = {}): OnnxModelFile {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new NtError("NOT_FOUND", `ONNX model ${path}: no such file`);
  const size = statSync(path).size;
  const maxBytes = Math.min(options.maxBytes ?? Math.floor(freemem() / 4), PROTOBUF_LIMIT);
  if (size > maxBytes) {
    throw new NtError(
      "LIMIT",
      `ONNX model ${path}: ${mb(size)} is larger than this machine allows (${mb(maxBytes)}: a quarter of the free memory, at most the 2 GiB protobuf limit)`,
    );
  }
  const bytes = new Uint8Array(readFileSync(path));
  return parseOnnxModel(bytes, path);
}

/** `readOnnxModel` for bytes already in memory; `where` names them in errors. */
export function parseOnnxModel(bytes: Uint8Array, where: string): OnnxModelFile {
  let proto: ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new NtError(
      "FORMAT",
      `${where}: not an ONNX model (the protobuf does not decode: ${firstLine((error as Error).message)})`,
    );
  }
  const graph = proto.graph as GraphProto | null;
  if (!graph || graph.node.length === 0 || graph.output.length === 0) {
    throw new NtError("FORMAT", `${where}: not an ONNX model (no graph with nodes and outputs in it)`);
  }
  const external = graph.initializer.find(
    (t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0,
  );
  if (external) {
    throw new NtError(
      "FORMAT",
      `${where}: initializer "${external.name}" keeps its values in an external file; save the model with all weights inside the .onnx file (onnx.save(model, path, save_as_external_data=False), under 2 GiB)`,
    );
  }
  const opset = proto.opsetImport.find((o) => (o.domain ?? "") === "" || o.domain === "ai.onnx");
  return {
    path: where,
    bytes,
    sha256: sha256(bytes),
    proto,
    opset: opset ? Number(opset.version) : 1,
    input: imageInput(proto, where),
    outputs: graph.output.map((o) => o.name as string),
  };
}

function imageInput(proto: ModelProto, where: string): OnnxImageInput {
  const graph = proto.graph as onnxProto.onnx.GraphProto;
  const weights = new Set(graph.initializer.map((t) => t.name));
  const inputs = graph.input.filter((i) => !weights.has(i.name));
  if (inputs.length !== 1) {
    throw new NtError(
      "BAD_INPUT",
      `${where}: the graph takes ${inputs.length} inputs (${inputs.map((i) => i.name).join(", ") || "none"}); an image model takes one image tensor`,
    );
  }
  const input = inputs[0] as onnxProto.onnx.ValueInfoProto;
  const tensor = input.type?.tensorType;
  const dims = (tensor?.shape?.dim ?? []).map((d) =>
    d.dimValue !== undefined && d.dimValue !== null && Number(d.dimValue) > 0
      ? Number(d.dimValue)
      : d.dimParam || "?",
  );
  const what = `${where}: input "${input.name}" [${dims.join(", ")}]`;
  if (!tensor)
    throw new NtError(
      "BAD_INPUT",
      `${where}: input "${input.name}" is not a tensor; an image model takes a float32 [N, 3, H, W] or [N, H, W, 3] tensor`,
    );
  if (tensor.elemType !== FLOAT) {
    throw new NtError(
      "BAD_INPUT",
      `${what} holds ${elemTypeName(tensor.elemType ?? 0)}, not float32: not an image tensor this tool can feed`,
    );
  }
  if (dims.length !== 4)
    throw new NtError(
      "BAD_INPUT",
      `${what} has rank ${dims.length}: not an image tensor (expected [N, 3, H, W] or [N, H, W, 3])`,
    );
  const nchw = dims[1] === 3;
  const nhwc = dims[3] === 3;
  if (!nchw && !nhwc)
    throw new NtError(
      "BAD_INPUT",
      `${what}: no axis of 3 colour channels at position 1 (NCHW) or 3 (NHWC): not an RGB image tensor`,
    );
  const layout = nchw ? "nchw" : "nhwc";
  const [h, w] = layout === "nchw" ? [dims[2], dims[3]] : [dims[1], dims[2]];
  return {
    name: input.name,
    layout,
    dims,
    size: typeof h === "number" && typeof w === "number" ? [h, w] : undefined,
  };
}

function elemTypeName(t: number): string {
  const names = onnx.TensorProto.DataType as unknown as Record<number, string>;
  return (names[t] ?? `type ${t}`).toLowerCase();
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** The first line of a message (onnxruntime's errors span several). */
export function firstLine(message: string): string {
  return (message.split("\n").find((l) => l.trim() !== "") ?? message).trim();
}

/** A short id for a model file: its name without ".onnx". */
export function onnxModelId(path: string): string {
  return basename(path).replace(/\.onnx$/i, "");
}
