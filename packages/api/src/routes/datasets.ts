import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { RouteDeps } from "../deps.ts";
import { errorResponses } from "../errors.ts";
import { DatasetDetailJson, DatasetJson, NameParam, Paging, page, toJson } from "../schemas.ts";
import { validationHook } from "../validation.ts";

const listDatasets = createRoute({
  method: "get",
  path: "/datasets",
  tags: ["datasets"],
  summary: "List datasets, by name",
  request: { query: Paging },
  responses: {
    200: {
      description: "a page of datasets",
      content: {
        "application/json": { schema: page(DatasetJson, "DatasetPage") },
      },
    },
    ...errorResponses(400, 401, 503),
  },
});

const getDataset = createRoute({
  method: "get",
  path: "/datasets/{name}",
  tags: ["datasets"],
  summary: "One dataset with its areas and stored array roles",
  request: { params: z.object({ name: NameParam }) },
  responses: {
    200: {
      description: "the dataset",
      content: { "application/json": { schema: DatasetDetailJson } },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

export function datasetRoutes({ store }: RouteDeps) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listDatasets, async (c) => {
      const { limit, offset } = c.req.valid("query");
      const all = await store.datasets.list();
      const items = all.slice(offset, offset + limit);
      return c.json(
        {
          items: items.map(toJson),
          limit,
          offset,
          nextOffset: offset + limit < all.length ? offset + limit : null,
        },
        200,
      );
    })
    .openapi(getDataset, async (c) => {
      const dataset = await store.datasets.get(c.req.valid("param").name);
      const [rois, arrays] = await Promise.all([
        store.datasets.rois(dataset.id),
        store.datasets.arrayRoles(dataset.id),
      ]);
      return c.json({ ...toJson(dataset), rois, arrays }, 200);
    });
}
