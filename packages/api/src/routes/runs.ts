import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { NtError } from "@neurotranslator/data/errors";
import { AreaName, EntityName, LayerName, RunComparison, SolverName } from "@neurotranslator/data/schema";
import { compareStoredRuns } from "@neurotranslator/app/compare-runs";
import type { RouteDeps } from "../deps.ts";
import { errorResponses } from "../errors.ts";
import { RunCache } from "../run-cache.ts";
import { Paging, RunIdParam, RunJson, page, toJson } from "../schemas.ts";
import { validationHook } from "../validation.ts";

const RunFilterQuery = Paging.extend({
  dataset: EntityName.optional().openapi({
    param: { name: "dataset", in: "query" },
    example: "kay",
  }),
  featureSet: EntityName.optional().openapi({
    param: { name: "featureSet", in: "query" },
    description: "needs dataset",
  }),
  solver: SolverName.optional().openapi({
    param: { name: "solver", in: "query" },
    example: "ridge",
  }),
  layer: LayerName.optional().openapi({
    param: { name: "layer", in: "query" },
  }),
  roi: AreaName.optional().openapi({
    param: { name: "roi", in: "query" },
    example: "V1",
  }),
});

const listRuns = createRoute({
  method: "get",
  path: "/runs",
  tags: ["runs"],
  summary: "List runs, newest first, filtered by dataset, feature set, solver, layer or area",
  request: { query: RunFilterQuery },
  responses: {
    200: {
      description: "a page of runs",
      content: { "application/json": { schema: page(RunJson, "RunPage") } },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

const MAX_COMPARE = 20;
const compareRuns = createRoute({
  method: "get",
  path: "/runs/compare",
  tags: ["runs"],
  summary:
    "Compare runs: each metric per run and its difference from the first run, with a paired bootstrap CI over the shared test images",
  request: {
    query: z.object({
      ids: z
        .string()
        .max(40 * MAX_COMPARE)
        .transform((s) => s.split(","))
        .pipe(z.array(RunIdParam).min(2).max(MAX_COMPARE))
        .openapi({
          param: { name: "ids", in: "query" },
          type: "string",
          description: `2-${MAX_COMPARE} run ids, comma-separated`,
        }),
    }),
  },
  responses: {
    200: {
      description:
        "named columns, each metric per run, and each run's difference from the first with a paired bootstrap 95% CI over the shared test images",
      content: {
        "application/json": {
          schema: RunComparison.extend({ runs: z.array(RunJson) }).openapi("RunComparison"),
        },
      },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

const getRun = createRoute({
  method: "get",
  path: "/runs/{id}",
  tags: ["runs"],
  summary: "One run: configuration, engine, versions, timings and metrics",
  description:
    "Runs are never updated once stored, so the server keeps recently read ones in memory for up to 2 s " +
    "(the `runCacheMs` app option): a run deleted meanwhile (`neurotranslator runs rm`, another process) " +
    "may still be answered for that long; after it, 404.",
  request: { params: z.object({ id: RunIdParam }) },
  responses: {
    200: {
      description: "the run",
      content: { "application/json": { schema: RunJson } },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

export function runRoutes({ store, runCacheMs }: RouteDeps) {
  const cache = new RunCache(runCacheMs);
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRuns, async (c) => {
      const q = c.req.valid("query");
      if (q.featureSet !== undefined && q.dataset === undefined) {
        throw new NtError(
          "BAD_INPUT",
          `query "featureSet" (${q.featureSet}) needs "dataset": feature set names are per dataset`,
        );
      }
      const dataset = q.dataset === undefined ? undefined : await store.datasets.get(q.dataset);
      const featureSet =
        dataset === undefined || q.featureSet === undefined
          ? undefined
          : await store.featureSets.get(dataset.id, q.featureSet);
      const rows = await store.runs.list({
        datasetId: dataset?.id,
        featureSetId: featureSet?.id,
        solver: q.solver,
        layer: q.layer,
        roi: q.roi,
        limit: q.limit + 1,
        offset: q.offset,
      });
      const items = rows.slice(0, q.limit).map(toJson);
      return c.json(
        {
          items,
          limit: q.limit,
          offset: q.offset,
          nextOffset: rows.length > q.limit ? q.offset + q.limit : null,
        },
        200,
      );
    })
    .openapi(compareRuns, async (c) => {
      const { ids } = c.req.valid("query");
      const comparison = await compareStoredRuns(store, ids);
      const runs = await Promise.all(comparison.columns.map((col) => store.runs.get(col.id)));
      return c.json({ ...comparison, runs: runs.map(toJson) }, 200);
    })
    .openapi(getRun, async (c) =>
      c.json(toJson(await cache.get(c.req.valid("param").id, (id) => store.runs.get(id))), 200),
    );
}
