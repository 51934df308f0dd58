import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import {
  DATASET_ARRAY_ROLES,
  DATASET_KINDS,
  RUN_ARRAY_ROLES,
  RUN_STATUSES,
  DTYPES,
  type Dataset,
  type FeatureLayer,
  type FeatureSet,
  type ImageResult,
  type JsonObject,
  type MapCell,
  type ModelRef,
  type Roi,
  type Run,
  type RunConfig,
  type RunMetrics,
  type ApiToken,
} from "@neurotranslator/schema";

/*
 * The drizzle Postgres schema, one table per record of ../schema. Column types are annotated with the
 * zod-inferred types, and the assertions at the bottom make the compiler prove that each table's
 * selected row is exactly its record type: the record is defined once (in zod) and this file follows.
 * Migrations in packages/data/drizzle are generated from this file by `pnpm db:generate`.
 */

/** Raw bytes. Array chunks never go through drizzle's value mapping (see driver.ts); this only declares the column. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const datasets = pgTable(
  "datasets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique(),
    kind: text("kind", { enum: DATASET_KINDS }).notNull(),
    contentHash: text("content_hash").notNull().unique(),
    source: jsonb("source").$type<JsonObject>().notNull(),
    nTrain: integer("n_train").notNull(),
    nTest: integer("n_test").notNull(),
    nVoxels: integer("n_voxels").notNull(),
    stimulusShape: integer("stimulus_shape").array().$type<[number, number]>().notNull(),
    meta: jsonb("meta").$type<JsonObject>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      "datasets_kind_check",
      sql`${t.kind} in (${sql.raw(DATASET_KINDS.map((k) => `'${k}'`).join(", "))})`,
    ),
  ],
);

export const rois = pgTable(
  "rois",
  {
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    code: integer("code").notNull(),
    name: text("name").notNull(),
    nVoxels: integer("n_voxels").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.datasetId, t.code] }),
    unique("rois_dataset_name").on(t.datasetId, t.name),
  ],
);

/** Stored n-dimensional arrays; their bytes live in `array_chunks`. */
export const arrays = pgTable("arrays", {
  id: uuid("id").primaryKey().defaultRandom(),
  dtype: text("dtype", { enum: DTYPES }).notNull(),
  shape: integer("shape").array().notNull(),
  byteLength: bigint("byte_length", { mode: "number" }).notNull(),
  sha256: text("sha256").notNull(),
  createdAt: createdAt(),
});

/** An array's bytes in order, each chunk at most `ARRAY_CHUNK_BYTES` (bytea values are limited to 1 GB). */
export const arrayChunks = pgTable(
  "array_chunks",
  {
    arrayId: uuid("array_id")
      .notNull()
      .references(() => arrays.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.arrayId, t.seq] })],
);

export const datasetArrays = pgTable(
  "dataset_arrays",
  {
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    role: text("role", { enum: DATASET_ARRAY_ROLES }).notNull(),
    arrayId: uuid("array_id")
      .notNull()
      .references(() => arrays.id),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.role] })],
);

export const featureSets = pgTable(
  "feature_sets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    model: jsonb("model").$type<ModelRef>().notNull(),
    layers: text("layers").array().notNull(),
    preparation: jsonb("preparation").$type<JsonObject>().notNull(),
    cacheKey: text("cache_key").notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [unique("feature_sets_dataset_name").on(t.datasetId, t.name)],
);

export const featureLayers = pgTable(
  "feature_layers",
  {
    featureSetId: uuid("feature_set_id")
      .notNull()
      .references(() => featureSets.id, { onDelete: "cascade" }),
    layer: text("layer").notNull(),
    dim: integer("dim").notNull(),
    trainArrayId: uuid("train_array_id")
      .notNull()
      .references(() => arrays.id),
    testArrayId: uuid("test_array_id")
      .notNull()
      .references(() => arrays.id),
  },
  (t) => [primaryKey({ columns: [t.featureSetId, t.layer] })],
);

export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    featureSetId: uuid("feature_set_id")
      .notNull()
      .references(() => featureSets.id, { onDelete: "cascade" }),
    layer: text("layer").notNull(),
    rois: text("rois").array().notNull(),
    solver: text("solver").notNull(),
    config: jsonb("config").$type<RunConfig>().notNull(),
    engine: jsonb("engine").$type<JsonObject>().notNull(),
    versions: jsonb("versions").$type<Record<string, string>>().notNull(),
    datasetHash: text("dataset_hash").notNull(),
    featureHash: text("feature_hash").notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull(),
    timings: jsonb("timings").$type<Record<string, number>>().notNull(),
    metrics: jsonb("metrics").$type<RunMetrics>().notNull(),
    /** The queue job that produced the run (null for runs made directly): a retried job stores its run once. */
    jobId: text("job_id").unique(),
    createdAt: createdAt(),
  },
  // Cascading deletes and per-dataset listings look runs up by these columns.
  (t) => [index("runs_dataset_idx").on(t.datasetId), index("runs_feature_set_idx").on(t.featureSetId)],
);

export const runImages = pgTable(
  "run_images",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    imageIndex: integer("image_index").notNull(),
    r: doublePrecision("r"),
    cosine: doublePrecision("cosine"),
    rank: integer("rank").notNull(),
    extra: jsonb("extra").$type<JsonObject>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.imageIndex] })],
);

export const runArrays = pgTable(
  "run_arrays",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    role: text("role", { enum: RUN_ARRAY_ROLES }).notNull(),
    arrayId: uuid("array_id")
      .notNull()
      .references(() => arrays.id),
  },
  (t) => [primaryKey({ columns: [t.runId, t.role] })],
);

export const mapCells = pgTable(
  "map_cells",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    roi: text("roi").notNull(),
    layer: text("layer").notNull(),
    metric: jsonb("metric").$type<JsonObject>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.roi, t.layer] })],
);

/** API tokens: the SHA-256 of each secret, never the secret. */
export const apiTokens = pgTable("api_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  secretHash: text("secret_hash").notNull().unique(),
  createdAt: createdAt(),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
});

/** All tables, for drizzle's relational helpers and drizzle-kit. */
export const tables = {
  datasets,
  rois,
  arrays,
  arrayChunks,
  datasetArrays,
  featureSets,
  featureLayers,
  runs,
  runImages,
  runArrays,
  mapCells,
  apiTokens,
};

// Compile-time proof that rows and records agree (a mismatch fails typechecking here).
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertSame<_T extends true>(): void {}
assertSame<Equals<typeof datasets.$inferSelect, Dataset>>();
assertSame<Equals<typeof rois.$inferSelect, Roi>>();
assertSame<Equals<typeof featureSets.$inferSelect, FeatureSet>>();
assertSame<Equals<typeof featureLayers.$inferSelect, FeatureLayer>>();
assertSame<Equals<typeof runs.$inferSelect, Run>>();
assertSame<Equals<typeof runImages.$inferSelect, ImageResult>>();
assertSame<Equals<typeof mapCells.$inferSelect, MapCell>>();
assertSame<Equals<typeof apiTokens.$inferSelect, ApiToken>>();
