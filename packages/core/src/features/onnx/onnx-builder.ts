import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

/** ONNX operator set the converter emits (Clip takes min/max as inputs, Squeeze axes as an input). */
export const ONNX_OPSET = 13;
const FLOAT = 1;
const INT64 = 7;

/** A node attribute value: integer, integer list, float or string. */
export type OnnxAttrValue = number | number[] | { float: number } | string;

/** An input or output of the graph: name and dims (-1 or a string = symbolic, e.g. the batch). */
export interface OnnxIo {
  name: string;
  dims: Array<number | string>;
}

/**
 * Builds an ONNX ModelProto (float32 graph, opset 13) node by node and serialises it with
 * onnx-proto. Names are the caller's; `fresh` makes unique ones for helper tensors.
 */
export class OnnxGraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: OnnxIo[] = [];
  private readonly outputs: OnnxIo[] = [];
  private counter = 0;

  /** A unique tensor name with a readable prefix. */
  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}__${this.counter}`;
  }

  /** A float32 constant [dims] (row-major data); returns its name. */
  floatConst(name: string, dims: number[], data: Float32Array): string {
    const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.initializers.push({ name, dims, dataType: FLOAT, rawData: bytes });
    return name;
  }

  /** An int64 constant [dims] (shape or axes arguments); returns its name. */
  int64Const(name: string, dims: number[], values: number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims, dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  /** Appends a node (nodes must come in topological order). */
  node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, OnnxAttrValue> = {}): void {
    const attribute = Object.entries(attrs).map(([name, v]) => attributeProto(name, v));
    this.nodes.push({ opType, input: inputs, output: outputs, name: outputs[0] ?? opType, attribute });
  }

  input(io: OnnxIo): void {
    this.inputs.push(io);
  }

  output(io: OnnxIo): void {
    this.outputs.push(io);
  }

  /** The serialised ModelProto. */
  toBytes(graphName: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 7,
      opsetImport: [{ domain: "", version: ONNX_OPSET }],
      producerName: "neurotranslator tfjs-graph-to-onnx",
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(io: OnnxIo): onnxProto.onnx.IValueInfoProto {
  const dim = io.dims.map((d) =>
    typeof d === "string" || d < 0 ? { dimParam: typeof d === "string" ? d : "N" } : { dimValue: d },
  );
  return { name: io.name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

function attributeProto(name: string, value: OnnxAttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === "number") return { name, type: T.INT, i: value };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if (typeof value === "string") return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  return { name, type: T.FLOAT, f: value.float };
}
