import { NtError, formatShape } from "@neurotranslator/schema";
import type { NdArray, NumericTypedArray } from "@neurotranslator/schema";
import { decodeNpyData } from "./decode.ts";
import { readNpyHeader } from "./header.ts";
import { checkByteLimit, countElements, formatBytes, resolveLimits, type ReadLimits } from "./limits.ts";
import { reorderLayout } from "./transpose.ts";
import type { MEMORY_ARRAY } from "./typed-arrays.ts";

export interface ReadNpyOptions {
  /** Name used in error messages (a file name, or `file.npz["key"]`). */
  source?: string;
  limits?: Partial<ReadLimits>;
}

/**
 * Parses a .npy file (format 1.0/2.0/3.0) into a C-ordered NdArray.
 *
 * The header is validated and its claimed size checked against `limits` and against the bytes
 * present before anything is allocated. When the data is host byte order, C order and aligned,
 * `data` is a view that ALIASES `bytes` (mutating one mutates the other); otherwise it is a copy.
 * Bytes after the data are ignored, as `np.load` ignores them.
 */
export function readNpy(bytes: Uint8Array, options: ReadNpyOptions = {}): NdArray {
  const label = options.source ?? "<.npy bytes>";
  const limits = resolveLimits(options.limits);
  const header = readNpyHeader(bytes, label);
  const { npyDtype: t, shape } = header;
  const dtypeName = t.dtype === "unicode" ? `${t.kind === "U" ? "<U" : "|S"}${t.chars}` : t.dtype;
  const count = countElements(shape, limits, label, dtypeName);
  const fileBytes = count * t.itemSize;
  const memoryBytes = t.dtype === "float16" ? count * 4 : fileBytes;
  checkByteLimit(Math.max(fileBytes, memoryBytes), shape, dtypeName, limits, label);
  const available = bytes.length - header.dataOffset;
  if (fileBytes > available) {
    throw new NtError(
      "FORMAT",
      `${label}: header claims shape ${formatShape(shape)} ${dtypeName} = ${formatBytes(fileBytes)} but only ${formatBytes(available)} follow`,
    );
  }
  let data = decodeNpyData(bytes, header.dataOffset, count, t, label);
  if (header.fortranOrder && shape.length > 1 && count > 0) data = fortranToC(data, shape);
  return { dtype: t.dtype, shape, data };
}

function fortranToC(data: NumericTypedArray | string[], shape: number[]): NumericTypedArray | string[] {
  if (Array.isArray(data)) {
    const out = new Array<string>(data.length);
    reorderLayout(data, out, shape, "toC");
    return out;
  }
  const out = new (data.constructor as (typeof MEMORY_ARRAY)["float64"])(data.length);
  reorderLayout<number | bigint>(data, out, shape, "toC");
  return out;
}
