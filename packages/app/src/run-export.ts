import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import { NtError } from "@neurotranslator/data/errors";
import type { ImageResult, NdArray, Run, Store } from "@neurotranslator/data";
import { writeNpzFile } from "@neurotranslator/data/formats";
import { csvText } from "./csv.ts";
import { MAP_CSV_COLUMNS, mapRows } from "./map-export.ts";
import { PARTITION_CSV_COLUMNS, partitionRows } from "./partition-export.ts";

export type ExportFormat = "npz" | "csv" | "json";
/** CSV is tidy: one row per test image (`images`), per feature (`features`) or per map cell and metric (`map`). */
export type CsvTable = "images" | "features" | "map" | "partition";

/** Column names of the CSV tables. */
export const CSV_COLUMNS: Record<CsvTable, string[]> = {
  images: ["image_index", "r", "cosine", "rank", "pairwise"],
  features: ["feature_index", "r", "r2", "alpha"],
  map: [...MAP_CSV_COLUMNS],
  partition: [...PARTITION_CSV_COLUMNS],
};

export interface RunExport {
  out: string;
  format: ExportFormat;
  /** Keys written (npz), or the CSV table and its row count. */
  keys: string[];
  rows?: number;
}

/** The export format from the file name; BAD_INPUT for anything but .npz, .csv, .json. */
export function exportFormat(out: string): ExportFormat {
  const ext = extname(out).toLowerCase().slice(1);
  if (ext === "npz" || ext === "csv" || ext === "json") return ext;
  throw new NtError(
    "BAD_INPUT",
    `--out ${out}: unknown extension "${extname(out)}"; use .npz, .csv or .json`,
  );
}

/** Per-feature arrays [D] of a run: featureR, r2 and (when the solver chose alphas) alpha. */
async function perFeature(
  store: Store,
  run: Run,
): Promise<{ featureR: Float64Array; r2: Float64Array; alpha?: Float64Array }> {
  const asF64 = (a: NdArray) => Float64Array.from(a.data as ArrayLike<number>);
  const featureR = asF64(await store.runs.array(run.id, "featureR"));
  const r2 = asF64(await store.runs.array(run.id, "r2"));
  const alpha = await store.runs.array(run.id, "alpha").then(asF64, () => undefined);
  return { featureR, r2, ...(alpha ? { alpha } : {}) };
}

const pairwise = (img: ImageResult) =>
  typeof img.extra["pairwise"] === "number" ? img.extra["pairwise"] : NaN;
const csvNumber = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? "" : String(x);

/**
 * Writes a run's results:
 * - .npz: predictions_test [nTest, D], features_test [nTest, D] (the true features), per image
 *   image_r, image_cosine, image_pairwise [nTest] (float64) and image_rank [nTest] (int32), per
 *   feature feature_r, feature_r2 (NaN where undefined) and feature_alpha [D];
 * - .csv: the `table`: one row per image, per feature, or (`map`, map runs) per area, layer,
 *   direction and metric, or (`partition`, map --joint runs) per area, layer, voxel and quantity,
 *   columns CSV_COLUMNS;
 * - .json: the run record with per-image and per-feature results.
 */
export async function exportRun(
  store: Store,
  runId: string,
  out: string,
  options: { table?: CsvTable } = {},
): Promise<RunExport> {
  const format = exportFormat(out);
  const run = await store.runs.get(runId);
  if (format === "csv" && options.table === "map") {
    const cells = await store.runs.mapCells(run.id);
    if (cells.length === 0)
      throw new NtError(
        "BAD_INPUT",
        `run ${run.id.slice(0, 8)} has no area x layer map (\`neurotranslator map\` makes one); --table map needs one`,
      );
    const rows = mapRows(cells);
    writeFileSync(out, csvText(CSV_COLUMNS.map, rows));
    return { out, format, keys: CSV_COLUMNS.map, rows: rows.length };
  }
  if (format === "csv" && options.table === "partition") {
    const cells = (await store.runs.mapCells(run.id)).filter(
      (c) => typeof c.metric["partition"] === "object" && c.metric["partition"] !== null,
    );
    const names = run.metrics.partitionRows;
    if (cells.length === 0 || !names)
      throw new NtError(
        "BAD_INPUT",
        `run ${run.id.slice(0, 8)} has no variance partition (\`neurotranslator map --joint\` makes one); --table partition needs one`,
      );
    const array = await store.runs.array(run.id, "partition");
    const roi = (await store.datasets.array(run.datasetId, "roi")).data as ArrayLike<number>;
    const codes = new Map((await store.datasets.rois(run.datasetId)).map((r) => [r.code, r.name]));
    const rows = partitionRows(cells, array, names, (v) => codes.get(Number(roi[v])) ?? `code ${roi[v]}`);
    writeFileSync(out, csvText(CSV_COLUMNS.partition, rows));
    return { out, format, keys: CSV_COLUMNS.partition, rows: rows.length };
  }
  if (options.table === "map" || options.table === "partition")
    throw new NtError("BAD_INPUT", `--table ${options.table} writes CSV; --out ${out} is not a .csv file`);
  const images = await store.runs.images(run.id);
  const features = await perFeature(store, run);
  if (format === "csv") {
    const which = options.table ?? "images";
    const lines =
      which === "images"
        ? images.map((img) =>
            [
              img.imageIndex,
              csvNumber(img.r),
              csvNumber(img.cosine),
              img.rank,
              csvNumber(pairwise(img)),
            ].join(","),
          )
        : Array.from(features.featureR, (r, d) =>
            [d, csvNumber(r), csvNumber(features.r2[d]), csvNumber(features.alpha?.[d])].join(","),
          );
    writeFileSync(out, `${[CSV_COLUMNS[which].join(","), ...lines].join("\n")}\n`);
    return { out, format, keys: CSV_COLUMNS[which], rows: lines.length };
  }
  if (format === "json") {
    const document = {
      run: { ...run, createdAt: run.createdAt.toISOString() },
      images: images.map(({ imageIndex, r, cosine, rank, extra }) => ({
        imageIndex,
        r,
        cosine,
        rank,
        extra,
      })),
      features: {
        featureR: Array.from(features.featureR, nullIfNaN),
        r2: Array.from(features.r2, nullIfNaN),
        alpha: features.alpha ? Array.from(features.alpha) : null,
      },
    };
    writeFileSync(out, `${JSON.stringify(document)}\n`);
    return { out, format, keys: Object.keys(document) };
  }
  const predictions = await store.runs.array(run.id, "predictions");
  const truth = await store.featureSets.layerArrays(run.featureSetId, run.layer);
  const f64 = (values: ArrayLike<number>): NdArray => ({
    dtype: "float64",
    shape: [values.length],
    data: Float64Array.from(values),
  });
  const arrays: Record<string, NdArray> = {
    predictions_test: predictions,
    features_test: truth.test,
    image_r: f64(images.map((i) => i.r ?? NaN)),
    image_cosine: f64(images.map((i) => i.cosine ?? NaN)),
    image_pairwise: f64(images.map(pairwise)),
    image_rank: { dtype: "int32", shape: [images.length], data: Int32Array.from(images, (i) => i.rank) },
    feature_r: f64(features.featureR),
    feature_r2: f64(features.r2),
    ...(features.alpha ? { feature_alpha: f64(features.alpha) } : {}),
  };
  writeNpzFile(out, arrays);
  return { out, format, keys: Object.keys(arrays) };
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
