import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { EntityName } from "@neurotranslator/data/schema";
import type { RouteDeps } from "../deps.ts";
import { errorResponses } from "../errors.ts";
import { FeatureSetDetailJson, FeatureSetJson, NameParam, toJson } from "../schemas.ts";
import { validationHook } from "../validation.ts";

const listFeatureSets = createRoute({
  method: "get",
  path: "/datasets/{name}/feature-sets",
  tags: ["feature sets"],
  summary: "The feature sets extracted for a dataset",
  request: { params: z.object({ name: NameParam }) },
  responses: {
    200: {
      description: "feature sets, by name",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(FeatureSetJson) }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

const getFeatureSet = createRoute({
  method: "get",
  path: "/datasets/{name}/feature-sets/{featureSet}",
  tags: ["feature sets"],
  summary: "One feature set with its layers' dimensions",
  request: {
    params: z.object({
      name: NameParam,
      featureSet: EntityName.describe("a feature set name").openapi({
        param: { name: "featureSet", in: "path" },
        example: "mobilenet",
      }),
    }),
  },
  responses: {
    200: {
      description: "the feature set",
      content: { "application/json": { schema: FeatureSetDetailJson } },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

export function featureSetRoutes({ store }: RouteDeps) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listFeatureSets, async (c) => {
      const dataset = await store.datasets.get(c.req.valid("param").name);
      return c.json({ items: (await store.featureSets.list(dataset.id)).map(toJson) }, 200);
    })
    .openapi(getFeatureSet, async (c) => {
      const { name, featureSet } = c.req.valid("param");
      const dataset = await store.datasets.get(name);
      const found = await store.featureSets.get(dataset.id, featureSet);
      return c.json(
        {
          ...toJson(found),
          layerInfo: await store.featureSets.layers(found.id),
        },
        200,
      );
    });
}
