import { z } from "@hono/zod-openapi";
import {
  BestLayerClaim,
  Dataset,
  DatasetArrayRole,
  EntityName,
  FeatureLayer,
  FeatureSet,
  ImageResult,
  MapCell,
  MapCorrection,
  Roi,
  Run,
  RunConfig,
  RunMetrics,
  SolverSpec,
} from "@neurotranslator/data/schema";
import { RunRequest, SweepRequest } from "@neurotranslator/data/jobs";
import { JOB_KINDS, JOB_STATES } from "@neurotranslator/data/jobs";

/*
 * Wire forms of the records of @neurotranslator/data: the same schemas with dates as ISO strings
 * (what JSON carries). Nothing here redefines a record's fields.
 */
/**
 * JSON-object fields (provenance, options, extra) in the document: the OpenAPI generator cannot
 * walk zod's recursive JSON schema, so they are declared as plain objects; the stored records were
 * validated as JSON by the store already.
 */
export const AnyJson = z.record(z.string(), z.unknown());

const IsoDate = z.iso.datetime({ offset: true }).openapi({ example: "2026-01-31T12:00:00.000Z" });

export const DatasetJson = Dataset.extend({
  source: AnyJson,
  meta: AnyJson,
  createdAt: IsoDate,
}).openapi("Dataset");
export const DatasetDetailJson = DatasetJson.extend({
  rois: z.array(Roi),
  arrays: z.array(DatasetArrayRole),
}).openapi("DatasetDetail");
export const FeatureSetJson = FeatureSet.extend({
  preparation: AnyJson,
  createdAt: IsoDate,
}).openapi("FeatureSet");
export const FeatureSetDetailJson = FeatureSetJson.extend({
  layerInfo: z.array(FeatureLayer),
}).openapi("FeatureSetDetail");
export const RunJson = Run.extend({
  config: RunConfig.extend({ solver: SolverSpec.extend({ options: AnyJson }) }),
  engine: AnyJson,
  metrics: RunMetrics,
  createdAt: IsoDate,
}).openapi("Run");
export const ImageResultJson = ImageResult.extend({ extra: AnyJson }).openapi("ImageResult");
export const MapCellJson = MapCell.extend({ metric: AnyJson }).openapi("MapCell");
/** How a map's pAdjusted were computed (per direction), and an area's best-layer claim. */
export const MapCorrectionJson = MapCorrection.describe(
  "family-wise error correction of a map direction's cells",
).openapi("MapCorrection");
export const BestLayerClaimJson = BestLayerClaim.describe(
  "an area's best layer: claimed only when distinguishable",
).openapi("BestLayerClaim");

/** Request bodies of POST /runs and /sweeps (the queue validates them again with the exact schemas). */
export const RunRequestJson = RunRequest.extend({
  options: AnyJson.default({}),
}).openapi("RunRequest");
export const SweepRequestJson = SweepRequest.extend({
  options: AnyJson.default({}),
}).openapi("SweepRequest");

/** A numeric array as JSON: C-order `data` of length prod(shape); NaN and infinities as null. */
export const ArrayJson = z
  .object({
    dtype: z.string(),
    shape: z.array(z.number().int()),
    data: z.array(z.number().nullable()),
  })
  .openapi("Array");

export const JobStatusJson = z
  .object({
    id: z.uuid(),
    kind: z.enum(JOB_KINDS),
    state: z.enum(JOB_STATES),
    request: z.record(z.string(), z.unknown()),
    queuedBy: z
      .object({ tokenId: z.uuid(), name: z.string() })
      .nullable()
      .openapi({ description: "the API token that queued the job (id and name)" }),
    retryCount: z.number().int(),
    retryLimit: z.number().int(),
    createdAt: IsoDate,
    startedAt: IsoDate.nullable(),
    completedAt: IsoDate.nullable(),
    progress: z
      .object({
        fraction: z.number(),
        message: z.string().nullable(),
        updatedAt: IsoDate,
      })
      .nullable(),
    output: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("JobStatus");

export const JobAccepted = z.object({ jobId: z.uuid(), status: z.string() }).openapi("JobAccepted");

/** Paging shared by list routes: at most MAX_LIMIT items per page. */
export const MAX_LIMIT = 200;
export const Paging = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(50)
    .openapi({ param: { name: "limit", in: "query" }, example: 50 }),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .openapi({ param: { name: "offset", in: "query" }, example: 0 }),
});

export function page<T>(schema: z.ZodType<T>, name: string) {
  return z
    .object({
      items: z.array(schema),
      limit: z.number().int(),
      offset: z.number().int(),
      nextOffset: z.number().int().nullable(),
    })
    .openapi(name);
}

// Schemas imported from packages/data may predate @hono/zod-openapi's patch of zod (import order),
// so `.openapi()` is only called on copies made here (`.describe()` clones).
export const NameParam = EntityName.describe("a dataset name").openapi({
  param: { name: "name", in: "path" },
  example: "kay",
});
/** A run id, or a unique prefix of one (at least 4 hex digits, e.g. the 8 `runs list` prints); the store resolves it. */
export const RunIdParam = z
  .string()
  .regex(/^[0-9a-fA-F][0-9a-fA-F-]{3,35}$/, "must be a run id or a prefix of one (at least 4 hex digits)")
  .openapi({
    param: {
      name: "id",
      in: "path",
      description: "run id, or a unique prefix of it (at least 4 hex digits)",
    },
    example: "0b0e9c1e",
  });

/** A record as it goes on the wire: `createdAt` as an ISO string (the records' only date field). */
export function toJson<T extends { createdAt: Date }>(
  record: T,
): Omit<T, "createdAt"> & { createdAt: string } {
  return { ...record, createdAt: record.createdAt.toISOString() };
}
