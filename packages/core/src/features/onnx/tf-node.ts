import { NtError } from "@neurotranslator/schema";

/** One entry of a TF.js graph model's `modelTopology.node` list (model.json). */
export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

/** A node attribute as the TF.js converter writes it: one of these keys is set (ints and strings as text / base64). */
export interface TfAttr {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  list?: { i?: Array<string | number>; s?: string[]; f?: number[] };
  shape?: { dim?: Array<{ size?: string | number }> };
  type?: string;
}

/** A node's data inputs as node names: control inputs ("^x") dropped; "x:0" -> "x". Other output slots: NtError ENGINE. */
export function dataInputs(node: TfNode): string[] {
  const names: string[] = [];
  for (const ref of node.input ?? []) {
    if (ref.startsWith("^")) continue;
    const [name, slot] = ref.split(":");
    if (slot !== undefined && slot !== "0") {
      throw new NtError(
        "ENGINE",
        `ONNX conversion: node "${node.name}" (${node.op}) reads output ${slot} of "${name}"; only single-output nodes are supported`,
      );
    }
    names.push(name as string);
  }
  return names;
}

/** A string attribute (base64 in model.json), or `fallback` when absent. */
export function attrString(node: TfNode, key: string, fallback?: string): string {
  const value = node.attr?.[key]?.s;
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new NtError(
      "ENGINE",
      `ONNX conversion: node "${node.name}" (${node.op}) has no string attribute "${key}"`,
    );
  }
  return Buffer.from(value, "base64").toString("utf8");
}

/** An integer-list attribute, or `fallback` when absent. */
export function attrInts(node: TfNode, key: string, fallback?: number[]): number[] {
  const list = node.attr?.[key]?.list;
  if (list === undefined) {
    if (fallback !== undefined) return fallback;
    throw new NtError(
      "ENGINE",
      `ONNX conversion: node "${node.name}" (${node.op}) has no integer-list attribute "${key}"`,
    );
  }
  return (list.i ?? []).map(Number);
}

/** A string-list attribute (base64 entries); [] when absent. */
export function attrStrings(node: TfNode, key: string): string[] {
  return (node.attr?.[key]?.list?.s ?? []).map((s) => Buffer.from(s, "base64").toString("utf8"));
}

/** A boolean attribute, `fallback` when absent. */
export function attrBool(node: TfNode, key: string, fallback: boolean): boolean {
  return node.attr?.[key]?.b ?? fallback;
}

/** The dims of a Placeholder's "shape" attribute (-1 = unknown). */
export function attrShape(node: TfNode, key: string): number[] | undefined {
  return node.attr?.[key]?.shape?.dim?.map((d) => Number(d.size ?? -1));
}
