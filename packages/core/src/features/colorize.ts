import { tf } from "./tf-core.ts";
import { NtError } from "@neurotranslator/schema";
import { loadModel } from "../models/load-model.ts";
import { resolveModelSource } from "../models/resolve-source.ts";
import type { Colorizer } from "./prepare-stimuli.ts";

/**
 * Loads a TF.js image-to-image model (layers or graph format) from a directory or an http(s)
 * URL (already downloaded into `cacheDir` by the caller, with data's `downloadModel`) as the
 * pluggable colorisation step. It receives
 * [N, H, W, 3] RGB in [0, 1] (the replicated gray image) and must return the same shape.
 * `sha256`, when given, must equal the model's combined hash (see ModelHash.combined).
 */
export async function loadColorizer(
  source: string,
  options: { cacheDir: string; sha256?: string },
): Promise<Colorizer & { dispose(): void; sha256: string }> {
  const resolved = resolveModelSource(source, { cacheDir: options.cacheDir });
  const model = await loadModel(resolved);
  if (options.sha256 !== undefined && options.sha256 !== model.hash.combined) {
    throw new NtError(
      "FORMAT",
      `colorizer ${source}: content sha256 ${model.hash.combined} differs from the expected ${options.sha256}`,
    );
  }
  const apply = (x: tf.Tensor4D): tf.Tensor4D => {
    const y = model.layers
      ? model.layers.predict(x)
      : (model.graph as NonNullable<typeof model.graph>).execute(x);
    if (Array.isArray(y) || !(y instanceof tf.Tensor))
      throw new NtError("BAD_INPUT", `colorizer ${source}: the model must have exactly one output`);
    return y as tf.Tensor4D;
  };
  return {
    source,
    sha256: model.hash.combined,
    apply,
    dispose: () => {
      model.layers?.dispose();
      model.graph?.dispose();
    },
  };
}
