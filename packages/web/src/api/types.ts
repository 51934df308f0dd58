import type { InferResponseType } from "hono/client";
import type { Api } from "./client.ts";

/*
 * Wire types of the API's JSON answers, inferred from the typed client (the API builds them from the
 * zod schemas of @neurotranslator/data), so no record type is written out twice.
 */
type Runs = Api["runs"];
export type RunJson = InferResponseType<Runs[":id"]["$get"], 200>;
export type RunPage = InferResponseType<Runs["$get"], 200>;
export type RunComparison = InferResponseType<Runs["compare"]["$get"], 200>;
export type ImageResultJson = InferResponseType<Runs[":id"]["images"]["$get"], 200>["items"][number];
export type RunFeatures = InferResponseType<Runs[":id"]["features"]["$get"], 200>;
export type ArrayJson = NonNullable<RunFeatures["featureR"]>;
export type RunNullJson = InferResponseType<Runs[":id"]["null"]["$get"], 200>;
export type MapCellJson = InferResponseType<Runs[":id"]["maps"]["$get"], 200>["items"][number];
type Datasets = Api["datasets"];
export type DatasetPage = InferResponseType<Datasets["$get"], 200>;
export type DatasetJson = DatasetPage["items"][number];
export type DatasetDetailJson = InferResponseType<Datasets[":name"]["$get"], 200>;
export type FeatureSetJson = InferResponseType<
  Datasets[":name"]["feature-sets"]["$get"],
  200
>["items"][number];
