import { NtError, formatShape } from "@neurotranslator/schema";
import type { Matrix32 } from "@neurotranslator/schema";

/** One visual area of a selection: its name, ROI code and voxel columns (indices into the full response matrix). */
export interface SelectedArea {
  name: string;
  code: number;
  /** voxels: [nAreaVoxels], ascending column indices of the full [n, V] response matrix. */
  voxels: Int32Array;
}

/** The voxels a decoder uses, grouped by area. */
export interface AreaSelection {
  /** Areas in ROI-code order (only those with at least one voxel). */
  areas: SelectedArea[];
  /** voxels: [nSelected], ascending column indices of the full matrix (the union of the areas). */
  voxels: Int32Array;
  /** areaOf: [nSelected], for each selected column the index into `areas`. */
  areaOf: Int32Array;
}

/**
 * Groups voxels by area and keeps the requested ones.
 * roi: [V] integer codes, roiNames[code] the area's name (Kay: 0 "Other", 1 "V1" ... 7 "LatOcc").
 * `requested` holds area names; empty means every area that has voxels. Throws NtError NOT_FOUND
 * naming an unknown area and listing the valid ones, and BAD_INPUT for a code with no name.
 */
export function selectAreas(
  roi: Int32Array,
  roiNames: readonly string[],
  requested: readonly string[] = [],
): AreaSelection {
  const byCode = new Map<number, number[]>();
  for (let v = 0; v < roi.length; v++) {
    const code = roi[v]!;
    if (code < 0 || code >= roiNames.length) {
      throw new NtError(
        "BAD_INPUT",
        `roi[${v}] = ${code} has no name: roiNames holds ${roiNames.length} names (codes 0..${roiNames.length - 1})`,
      );
    }
    let list = byCode.get(code);
    if (!list) byCode.set(code, (list = []));
    list.push(v);
  }
  const present = [...byCode.keys()].sort((a, b) => a - b);
  const validNames = present.map((c) => roiNames[c]!);
  let codes = present;
  if (requested.length > 0) {
    const unknown = requested.filter((name) => !validNames.includes(name));
    if (unknown.length > 0) {
      throw new NtError(
        "NOT_FOUND",
        `unknown visual area${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}; valid areas: ${validNames.join(", ")}`,
      );
    }
    codes = present.filter((c) => requested.includes(roiNames[c]!));
  }
  const areas = codes.map((code) => ({
    name: roiNames[code]!,
    code,
    voxels: Int32Array.from(byCode.get(code)!),
  }));
  const pairs: [number, number][] = [];
  areas.forEach((a, i) => a.voxels.forEach((v) => pairs.push([v, i])));
  pairs.sort((p, q) => p[0] - q[0]);
  return { areas, voxels: Int32Array.from(pairs, (p) => p[0]), areaOf: Int32Array.from(pairs, (p) => p[1]) };
}

/** The names of the areas with voxels, in code order (for "each" and the map's rows). */
export function areaNames(roi: Int32Array, roiNames: readonly string[]): string[] {
  return selectAreas(roi, roiNames).areas.map((a) => a.name);
}

/** Columns `cols` of m: [rows, cols.length]; a copy (returns m itself when cols is every column in order). */
export function takeColumns(m: Matrix32, cols: Int32Array): Matrix32 {
  if (cols.length === m.cols && cols.every((c, i) => c === i)) return m;
  if (cols.some((c) => c < 0 || c >= m.cols))
    throw new NtError(
      "BAD_INPUT",
      `column index out of range for a matrix of shape ${formatShape([m.rows, m.cols])}`,
    );
  const out = new Float32Array(m.rows * cols.length);
  for (let i = 0; i < m.rows; i++) {
    const o = i * m.cols;
    const t = i * cols.length;
    for (let j = 0; j < cols.length; j++) out[t + j] = m.data[o + cols[j]!]!;
  }
  return { rows: m.rows, cols: cols.length, data: out };
}

/** Columns [c0, c1) of m. */
export function columnRange(m: Matrix32, c0: number, c1: number): Matrix32 {
  const w = c1 - c0;
  const out = new Float32Array(m.rows * w);
  for (let i = 0; i < m.rows; i++) out.set(m.data.subarray(i * m.cols + c0, i * m.cols + c1), i * w);
  return { rows: m.rows, cols: w, data: out };
}
