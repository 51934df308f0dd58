import type { GraphModel } from "@tensorflow/tfjs-converter";
import type { Matrix32 } from "@neurotranslator/schema";
import { NtError } from "@neurotranslator/schema";
import type { LoadedModel } from "../models/load-model.ts";

/** Class scores for n feature vectors over the ImageNet classes (background column dropped). */
export interface Classification {
  /** [n, nClasses] pre-softmax scores. */
  logits: Matrix32;
  /** [n, nClasses] softmax of `logits` (over the ImageNet classes only). */
  probs: Matrix32;
  /** Per row, the 5 class indices (0-based ImageNet index) of highest probability, best first. */
  top5: number[][];
}

/**
 * The model's own classifier: logits = feature · W + b, with W: [D, nClasses + offset] and
 * b: [nClasses + offset] read from the graph's weights; the first `backgroundOffset` columns
 * (MobileNet's "background") are dropped before the softmax.
 */
export interface ClassifierHead {
  /** Feature dimension D (the penultimate layer's width). */
  inputDim: number;
  nClasses: number;
  labels: string[] | undefined;
  classify(features: Matrix32): Classification;
}

/**
 * Reads the head from a loaded graph model: by the registry's tensor names, else the unique
 * [1, 1, D, C] or [D, C] weight with a [C] bias under the same name scope (C > 1000 allowed for
 * the background column). Throws NtError NOT_FOUND when it cannot be found.
 */
export function readClassifierHead(model: LoadedModel): ClassifierHead {
  const graph = model.graph;
  if (!graph)
    throw new NtError(
      "BAD_INPUT",
      `model ${model.id}: the classifier head is read from a graph model, this is a ${model.format}`,
    );
  const names = model.entry?.head ?? findHeadByShape(graph, model.id);
  const w = graph.weights[names.weights]?.[0];
  const b = graph.weights[names.biases]?.[0];
  if (!w || !b)
    throw new NtError(
      "NOT_FOUND",
      `model ${model.id}: head weights "${names.weights}" / "${names.biases}" are not in the graph`,
    );
  const d = w.shape[w.rank - 2] as number;
  const c = w.shape[w.rank - 1] as number;
  if (b.size !== c || w.size !== d * c) {
    throw new NtError(
      "FORMAT",
      `model ${model.id}: head weight shape [${w.shape.join(", ")}] and bias shape [${b.shape.join(", ")}] do not fit`,
    );
  }
  const offset = model.entry?.backgroundOffset ?? (c === 1001 ? 1 : 0);
  return makeHead(w.dataSync() as Float32Array, b.dataSync() as Float32Array, d, c, offset, model.labels);
}

function findHeadByShape(graph: GraphModel, id: string): { weights: string; biases: string } {
  const entries = Object.entries(graph.weights);
  const candidates = entries.filter(
    ([, [t]]) =>
      t &&
      ((t.rank === 4 && t.shape[0] === 1 && t.shape[1] === 1) || t.rank === 2) &&
      (t.shape[t.rank - 1] as number) >= 1000,
  );
  for (const [name, [t]] of candidates) {
    const scope = name.slice(0, name.lastIndexOf("/"));
    const bias = entries.find(
      ([n, [bt]]) =>
        n.startsWith(`${scope}/`) && n !== name && bt?.rank === 1 && bt.size === t?.shape[t.rank - 1],
    );
    if (bias && candidates.length === 1) return { weights: name, biases: bias[0] };
  }
  throw new NtError(
    "NOT_FOUND",
    `model ${id}: could not find a unique classifier head (a [1,1,D,C] or [D,C] weight with C >= 1000 and its bias); candidates: ${candidates.map(([n]) => n).join(", ") || "none"}`,
  );
}

/** A head from raw weights: W [D, C] row-major, b [C]; the first `offset` classes are dropped. */
export function makeHead(
  w: Float32Array,
  b: Float32Array,
  d: number,
  c: number,
  offset: number,
  labels?: string[],
): ClassifierHead {
  const nClasses = c - offset;
  if (labels && labels.length !== nClasses)
    throw new NtError("FORMAT", `class labels: ${labels.length} names for ${nClasses} classes`);
  return {
    inputDim: d,
    nClasses,
    labels,
    classify(features: Matrix32): Classification {
      if (features.cols !== d)
        throw new NtError(
          "BAD_INPUT",
          `classifier head takes ${d}-d features, got a matrix with ${features.cols} columns`,
        );
      const n = features.rows;
      const logits = new Float32Array(n * nClasses);
      const probs = new Float32Array(n * nClasses);
      const acc = new Float64Array(c);
      const top5: number[][] = [];
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < c; j++) acc[j] = b[j] as number;
        for (let k = 0; k < d; k++) {
          const f = features.data[r * d + k] as number;
          if (f === 0) continue;
          const row = k * c;
          for (let j = 0; j < c; j++) acc[j] = (acc[j] as number) + f * (w[row + j] as number);
        }
        let max = -Infinity;
        for (let j = 0; j < nClasses; j++) max = Math.max(max, acc[j + offset] as number);
        let sum = 0;
        for (let j = 0; j < nClasses; j++) sum += Math.exp((acc[j + offset] as number) - max);
        for (let j = 0; j < nClasses; j++) {
          const z = acc[j + offset] as number;
          logits[r * nClasses + j] = z;
          probs[r * nClasses + j] = Math.exp(z - max) / sum;
        }
        top5.push(topK(probs.subarray(r * nClasses, (r + 1) * nClasses), 5));
      }
      return {
        logits: { rows: n, cols: nClasses, data: logits },
        probs: { rows: n, cols: nClasses, data: probs },
        top5,
      };
    },
  };
}

/** Indices of the k largest values, largest first (ties: lower index first). */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (best.length === k && v <= (values[best[k - 1] as number] as number)) continue;
    let pos = best.length;
    while (pos > 0 && v > (values[best[pos - 1] as number] as number)) pos--;
    best.splice(pos, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
