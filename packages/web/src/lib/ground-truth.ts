/**
 * What a simulated dataset planted, read loosely from `dataset.meta.groundTruth` (the simulator's
 * record; fields added by newer simulators are ignored, missing ones become null).
 */
export interface PlantedArea {
  name: string;
  /** The layer the simulator tuned the area to (null when the record has none, e.g. a mismatch model). */
  layer: string | null;
  nVoxels: number | null;
  snr: number | null;
  /** Measured test-set noise ceiling (r of noise-free vs measured mean responses). */
  ceilingTest: number | null;
  testRetest: number | null;
}

export interface GroundTruthView {
  model: string | null;
  areas: PlantedArea[];
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const obj = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

export function groundTruth(meta: Record<string, unknown>): GroundTruthView | null {
  const gt = obj(meta["groundTruth"]);
  if (!gt || !Array.isArray(gt["areas"])) return null;
  const areas = (gt["areas"] as unknown[]).flatMap((a): PlantedArea[] => {
    const o = obj(a);
    const name = o ? str(o["name"]) : null;
    if (!o || !name) return [];
    const ceiling = obj(o["ceilingTest"]);
    return [
      {
        name,
        layer: str(o["layer"]),
        nVoxels: num(o["nVoxels"]),
        snr: num(o["snr"]),
        ceilingTest: ceiling ? num(ceiling["measured"]) : num(o["ceilingTest"]),
        testRetest: num(o["testRetest"]),
      },
    ];
  });
  return { model: str(gt["model"]), areas };
}

/** Area name -> planted layer (areas without one left out). */
export function plantedLayers(meta: Record<string, unknown>): Map<string, string> {
  return new Map(
    (groundTruth(meta)?.areas ?? []).flatMap((a) => (a.layer ? [[a.name, a.layer] as [string, string]] : [])),
  );
}

/** Meta without the long index arrays (train/test image lists), for the raw-JSON disclosure. */
export function compactMeta(meta: Record<string, unknown>): unknown {
  return JSON.parse(
    JSON.stringify(meta, (_k, v: unknown) =>
      Array.isArray(v) && v.length > 24 && v.every((x) => typeof x === "number")
        ? `[${v.length} numbers: ${v.slice(0, 5).join(", ")}, …]`
        : v,
    ),
  );
}
