import type { Dataset } from "h5wasm";
import { NtError } from "@neurotranslator/schema";
import type { NumericTypedArray } from "@neurotranslator/schema";

/**
 * Largest hyperslab read at once. h5wasm's heap (where HDF5 puts what it reads) cannot grow past
 * 2 GiB, so a variable of 2-4 GiB can only be read in parts.
 */
export const DEFAULT_SLAB_BYTES = 64 * 1024 ** 2;

/**
 * Reads dataset `ds` of HDF5 shape `dims` into `out` (HDF5 = C order, as `ds.value` would give), in
 * hyperslabs of at most `slabBytes`: whole trailing blocks along the first axis whose trailing block
 * fits (whole `chunks` of a chunked dataset where they fit), one index at a time on the axes before it.
 * `check` validates each part (its class).
 */
export function readInSlabs(
  ds: Dataset,
  dims: readonly number[],
  out: NumericTypedArray,
  slabBytes: number,
  check: (part: unknown) => NumericTypedArray,
  chunks: readonly number[] | null = null,
): void {
  if (out.length === 0) return;
  const maxElems = Math.max(1, Math.floor(slabBytes / out.BYTES_PER_ELEMENT));
  if (out.length <= maxElems) {
    out.set(check(ds.value) as never);
    return;
  }
  const inner = dims.map((_, a) => dims.slice(a + 1).reduce((p, d) => p * d, 1));
  const axis = inner.findIndex((n) => n <= maxElems);
  const block = inner[axis] as number;
  const extent = dims[axis] as number;
  let step = Math.max(1, Math.min(extent, Math.floor(maxElems / block)));
  // Whole chunks per slab, so no compressed chunk is inflated twice.
  const chunk = chunks?.[axis];
  if (chunk !== undefined && chunk > 0 && chunk <= step && step < extent) step -= step % chunk;
  const outerDims = dims.slice(0, axis);
  const outerCount = outerDims.reduce((p, d) => p * d, 1);
  const trailing = dims.slice(axis + 1).map((d) => [0, d]);
  for (let o = 0; o < outerCount; o++) {
    const outerIndex = unravel(o, outerDims);
    for (let r0 = 0; r0 < extent; r0 += step) {
      const r1 = Math.min(r0 + step, extent);
      const part = check(
        ds.slice([...outerIndex.map((i) => [i, i + 1]), [r0, r1], ...trailing] as [number, number][]),
      );
      if (part.length !== (r1 - r0) * block) {
        throw new NtError(
          "FORMAT",
          `hyperslab read returned ${part.length} values, expected ${(r1 - r0) * block}`,
        );
      }
      out.set(part as never, (o * extent + r0) * block);
    }
  }
}

/** The multi-index of linear index `i` over `dims` (C order). */
function unravel(i: number, dims: readonly number[]): number[] {
  const index = new Array<number>(dims.length);
  for (let a = dims.length - 1; a >= 0; a--) {
    const d = dims[a] as number;
    index[a] = i % d;
    i = Math.floor(i / d);
  }
  return index;
}
