import { totalmem } from "node:os";
import { NtError, formatShape } from "@neurotranslator/schema";
import { formatBytes } from "../formats/npy/limits.ts";
import { MEMORY_ARRAY } from "@neurotranslator/schema";
import type { ArrayShape } from "./validate.ts";

/** Bytes a unicode element is counted as (labels and area names: short strings). */
const UNICODE_ELEMENT_BYTES = 64;

/**
 * The default import budget: a third of this machine's memory. An import holds every array at once
 * and makes a copy or two along the way (transposes, dropped voxels, hashing), so the arrays
 * themselves may take about a third.
 */
export function defaultImportBudget(): number {
  return Math.floor(totalmem() / 3);
}

/** In-memory size of an array from its dtype and shape. */
export function decodedBytes(array: ArrayShape): number {
  const count = array.shape.reduce((a, b) => a * b, 1);
  return (
    count * (array.dtype === "unicode" ? UNICODE_ELEMENT_BYTES : MEMORY_ARRAY[array.dtype].BYTES_PER_ELEMENT)
  );
}

/**
 * Refuses an import whose arrays (by their headers, before anything is inflated or read) need more
 * memory than `budget` bytes. `arrays` maps each array's name in messages to its shape.
 */
export function checkImportBudget(arrays: Record<string, ArrayShape>, budget: number, file: string): void {
  const sizes = Object.entries(arrays).map(([name, a]) => ({ name, a, bytes: decodedBytes(a) }));
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
  if (total <= budget) return;
  const largest = [...sizes].sort((x, y) => y.bytes - x.bytes).slice(0, 2);
  const detail = largest
    .map((s) => `${s.name} ${formatShape(s.a.shape)} ${s.a.dtype} = ${formatBytes(s.bytes)}`)
    .join(", ");
  throw new NtError(
    "LIMIT",
    `${file}: its arrays need ${formatBytes(total)} in memory (${detail}), over the import budget of ${formatBytes(budget)} (a third of this machine's memory); import on a machine with more memory`,
  );
}
