import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { encodePng, toFloat64 } from "@neurotranslator/data/formats";
import { NtError } from "@neurotranslator/data/errors";
import type { NdArray } from "@neurotranslator/data/schema";
import type { RouteDeps } from "../deps.ts";
import { errorResponses } from "../errors.ts";
import { NameParam } from "../schemas.ts";
import { validationHook } from "../validation.ts";
import { bodyBytes } from "../body-bytes.ts";

const stimulus = createRoute({
  method: "get",
  path: "/datasets/{name}/stimuli/{split}/{image}",
  tags: ["datasets"],
  summary: "A stimulus image as grayscale PNG, rendered from the stored array (`image` is `<index>.png`)",
  request: {
    params: z.object({
      name: NameParam,
      split: z.enum(["train", "test"]).openapi({ param: { name: "split", in: "path" } }),
      image: z
        .string()
        .regex(/^(0|[1-9][0-9]{0,6})\.png$/, "must be <index>.png")
        .openapi({ param: { name: "image", in: "path" }, example: "0.png" }),
    }),
  },
  responses: {
    200: {
      description: "the image",
      content: {
        "image/png": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

/** Pixels of image `index` of stimuli [n, h, w] as bytes: uint8 as stored, other dtypes scaled from their min..max to 0..255. */
function imageBytes(stimuli: NdArray, index: number, what: string): Uint8Array {
  const [, h = 0, w = 0] = stimuli.shape;
  const size = h * w;
  if (stimuli.dtype === "uint8")
    return (stimuli.data as Uint8Array).subarray(index * size, (index + 1) * size);
  const pixels = toFloat64(stimuli, what).subarray(index * size, (index + 1) * size);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of pixels) if (Number.isFinite(x)) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  return Uint8Array.from(pixels, (x) => (Number.isFinite(x) ? Math.round((x - lo) * scale) : 0));
}

export function stimulusRoutes({ store }: RouteDeps) {
  // The last stimulus array read, per dataset and split: image browsing asks for many images of one array.
  const cache = new Map<string, Promise<NdArray>>();
  const stimuliOf = (datasetId: string, role: "stimuli_train" | "stimuli_test") => {
    const key = `${datasetId}/${role}`;
    let found = cache.get(key);
    if (found === undefined) {
      if (cache.size >= 2) cache.delete(cache.keys().next().value as string);
      found = store.datasets.array(datasetId, role);
      found.catch(() => cache.delete(key));
      cache.set(key, found);
    }
    return found;
  };
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(stimulus, async (c) => {
    const { name, split, image } = c.req.valid("param");
    const index = Number.parseInt(image, 10);
    const dataset = await store.datasets.get(name);
    const n = split === "train" ? dataset.nTrain : dataset.nTest;
    if (index >= n)
      throw new NtError(
        "NOT_FOUND",
        `dataset "${name}" has ${n} ${split} images; there is no image ${index}`,
      );
    const stimuli = await stimuliOf(dataset.id, split === "train" ? "stimuli_train" : "stimuli_test");
    const [h, w] = dataset.stimulusShape;
    const png = encodePng(w, h, 1, imageBytes(stimuli, index, `dataset "${name}" stimuli_${split}`));
    return c.body(bodyBytes(png), 200, {
      "Content-Type": "image/png",
      "Cache-Control": "public, max-age=3600",
    });
  });
}
