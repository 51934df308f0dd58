import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { toFloat64, writeNpy } from "@neurotranslator/data/formats";
import { NtError } from "@neurotranslator/data/errors";
import {
  mapInference,
  partitionFromCells,
  NullSampleMetric,
  type NdArray,
} from "@neurotranslator/data/schema";
import type { RouteDeps } from "../deps.ts";
import { errorResponses } from "../errors.ts";
import {
  AnyJson,
  ArrayJson,
  BestLayerClaimJson,
  ImageResultJson,
  MapCellJson,
  MapCorrectionJson,
  RunIdParam,
} from "../schemas.ts";
import { validationHook } from "../validation.ts";
import { bodyBytes } from "../body-bytes.ts";

const params = z.object({ id: RunIdParam });

const images = createRoute({
  method: "get",
  path: "/runs/{id}/images",
  tags: ["runs"],
  summary: "Per test image: Pearson r, cosine, rank of the true image, extra (classes, area shares)",
  request: { params },
  responses: {
    200: {
      description: "results by image index",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(ImageResultJson) }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

const features = createRoute({
  method: "get",
  path: "/runs/{id}/features",
  tags: ["runs"],
  summary:
    "Per feature: Pearson r over test images, R^2 and the chosen alpha ([D] each; null when not stored)",
  request: { params },
  responses: {
    200: {
      description: "per-feature arrays",
      content: {
        "application/json": {
          schema: z.object({
            featureR: ArrayJson.nullable(),
            r2: ArrayJson.nullable(),
            alpha: ArrayJson.nullable(),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

const maps = createRoute({
  method: "get",
  path: "/runs/{id}/maps",
  tags: ["runs"],
  summary:
    "Area x layer map cells of the run (each with p and the FWE-corrected pAdjusted), the correction per direction and the best-layer claim per area",
  request: { params },
  responses: {
    200: {
      description:
        "cells by area and layer; `corrections` and `bestLayer` by direction (empty for maps stored before them)",
      content: {
        "application/json": {
          schema: z.object({
            items: z.array(MapCellJson),
            corrections: z.record(z.string(), MapCorrectionJson),
            bestLayer: z.record(z.string(), z.record(z.string(), BestLayerClaimJson)),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

const partition = createRoute({
  method: "get",
  path: "/runs/{id}/partition",
  tags: ["runs"],
  summary:
    "Variance partition of a map --joint run: per area the joint (banded ridge) R², each layer's unique and shared variance, band weights, with CIs and FWE-corrected p; per voxel with ?voxels=true",
  request: {
    params,
    query: z.object({
      voxels: z
        .enum(["true", "false"])
        .default("false")
        .openapi({ param: { name: "voxels", in: "query" } }),
    }),
  },
  responses: {
    200: {
      description:
        "`areas` in the map's order; `voxels` (when asked): `rows` names each array of `values` ([nVoxels of the dataset], null outside the mapped areas)",
      content: {
        "application/json": {
          schema: z.object({
            definition: z.string(),
            layers: z.array(z.string()),
            areas: z.array(AnyJson),
            search: AnyJson,
            corrections: z.record(z.string(), MapCorrectionJson),
            voxels: z
              .object({ rows: z.array(z.string()), values: z.array(z.array(z.number().nullable())) })
              .optional(),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

const predictions = createRoute({
  method: "get",
  path: "/runs/{id}/predictions",
  tags: ["runs"],
  summary: "Predicted test features [nTest, D], as JSON or as a NumPy .npy file",
  request: {
    params,
    query: z.object({
      format: z
        .enum(["json", "npy"])
        .default("json")
        .openapi({ param: { name: "format", in: "query" } }),
    }),
  },
  responses: {
    200: {
      description: "the predictions",
      content: {
        "application/json": { schema: ArrayJson },
        "application/octet-stream": {
          schema: z.string().openapi({ format: "binary" }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

const nullSamples = createRoute({
  method: "get",
  path: "/runs/{id}/null",
  tags: ["runs"],
  summary:
    "Permutation-null samples of the summary metrics (shuffled image pairing): one row of nPermutations values per metric; empty lists for runs that kept only the null summaries",
  request: { params },
  responses: {
    200: {
      description: "samples by metric, in the order of `metrics`",
      content: {
        "application/json": {
          schema: z.object({
            metrics: z.array(NullSampleMetric),
            nPermutations: z.number().int().nonnegative(),
            samples: z.array(z.array(z.number())),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

/** JSON has no NaN or infinity: those entries (e.g. features excluded as constant) become null. */
function arrayJson(array: NdArray, what: string) {
  const data = Array.from(toFloat64(array, what), (x) => (Number.isFinite(x) ? x : null));
  return { dtype: String(array.dtype), shape: array.shape, data };
}

export function runResultRoutes({ store }: RouteDeps) {
  const optionalArray = async (id: string, role: "featureR" | "r2" | "alpha") => {
    try {
      return arrayJson(await store.runs.array(id, role), `run ${id} ${role}`);
    } catch (error) {
      if (error instanceof NtError && error.code === "NOT_FOUND") return null;
      throw error;
    }
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(images, async (c) => {
      const run = await store.runs.get(c.req.valid("param").id);
      return c.json({ items: await store.runs.images(run.id) }, 200);
    })
    .openapi(features, async (c) => {
      const run = await store.runs.get(c.req.valid("param").id);
      const [featureR, r2, alpha] = await Promise.all([
        optionalArray(run.id, "featureR"),
        optionalArray(run.id, "r2"),
        optionalArray(run.id, "alpha"),
      ]);
      return c.json({ featureR, r2, alpha }, 200);
    })
    .openapi(maps, async (c) => {
      const run = await store.runs.get(c.req.valid("param").id);
      const items = await store.runs.mapCells(run.id);
      return c.json({ items, ...mapInference(items) }, 200);
    })
    .openapi(partition, async (c) => {
      const run = await store.runs.get(c.req.valid("param").id);
      const record = partitionFromCells(await store.runs.mapCells(run.id));
      if (!record)
        throw new NtError("NOT_FOUND", `run ${run.id} has no variance partition (made by \`map --joint\`)`);
      const names = run.metrics.partitionRows;
      if (c.req.valid("query").voxels !== "true" || !names) return c.json(record, 200);
      const array = await store.runs.array(run.id, "partition");
      const data = toFloat64(array, `run ${run.id} partition`);
      const nVoxels = array.shape[1] ?? 0;
      const values = names.map((_, k) =>
        Array.from(data.subarray(k * nVoxels, (k + 1) * nVoxels), (x) => (Number.isNaN(x) ? null : x)),
      );
      return c.json({ ...record, voxels: { rows: names, values } }, 200);
    })
    .openapi(nullSamples, async (c) => {
      const run = await store.runs.get(c.req.valid("param").id);
      const metrics = run.metrics.nullSampleMetrics ?? [];
      const nPermutations = run.metrics.nPermutations;
      if (metrics.length === 0) return c.json({ metrics, nPermutations, samples: [] }, 200);
      const array = await store.runs.array(run.id, "nullSamples");
      const data = toFloat64(array, `run ${run.id} nullSamples`);
      const samples = metrics.map((_, k) =>
        Array.from(data.subarray(k * nPermutations, (k + 1) * nPermutations)),
      );
      return c.json({ metrics, nPermutations, samples }, 200);
    })
    .openapi(predictions, async (c) => {
      const run = await store.runs.get(c.req.valid("param").id);
      const array = await store.runs.array(run.id, "predictions");
      if (c.req.valid("query").format === "json")
        return c.json(arrayJson(array, `run ${run.id} predictions`), 200);
      const bytes = writeNpy(array);
      c.header("Content-Disposition", `attachment; filename="predictions-${run.id}.npy"`);
      return c.body(bodyBytes(bytes), 200, {
        "Content-Type": "application/octet-stream",
      });
    });
}
