import { fetchModelFile, NtError } from "@neurotranslator/data";
import type { ModelInput, ModelInputHints, OnnxModelFile, OnnxRegistryEntry } from "@neurotranslator/core";
import type { ProgressCallback, ProgressEvent } from "@neurotranslator/schema";
import { modelCacheDir, type ModelChoice } from "./models.ts";

/** An ONNX model located on disk (downloaded into the cache when it came from a URL or the registry). */
export interface OnnxChoice {
  /** Registry id, else the file name without .onnx. */
  id: string;
  /** The local .onnx file. */
  path: string;
  /** Where it came from, for the feature set's record: the local path or the URL. */
  location: string;
  registry?: OnnxRegistryEntry;
}

/**
 * The ONNX model `choice` names, or undefined when it names a TF.js model: an ONNX registry id
 * (downloaded once, sha256-checked), an http(s) URL ending in .onnx (downloaded once, resumable),
 * a .onnx file or a folder holding exactly one. Downloads go to `<cacheDir>/models/onnx`.
 */
export async function resolveOnnx(
  choice: ModelChoice,
  onDownload?: ProgressCallback,
): Promise<OnnxChoice | undefined> {
  const spec = choice.spec;
  if (spec === undefined || spec.trim() === "") return undefined;
  const core = await import("@neurotranslator/core");
  const cache = `${modelCacheDir(choice.cacheDir)}/onnx`;
  // One file, named by what the user gave (registry id or URL) rather than its cached file name.
  const progress = (file: string) => (event: ProgressEvent) =>
    onDownload?.({ ...event, file, files: { done: 0, total: 1 } });
  const entry = Object.hasOwn(core.ONNX_REGISTRY, spec) ? core.ONNX_REGISTRY[spec] : undefined;
  if (entry) {
    const path = await fetchModelFile(entry.url, cache, {
      sha256: entry.sha256,
      onProgress: progress(entry.id),
    });
    return { id: entry.id, path, location: entry.url, registry: entry };
  }
  if (!core.isOnnxSpec(spec)) return undefined;
  if (/^https?:\/\//i.test(spec)) {
    const path = await fetchModelFile(spec, cache, { onProgress: progress(spec) });
    return { id: core.onnxModelId(path), path, location: spec };
  }
  const path = core.onnxFilePath(spec);
  return { id: core.onnxModelId(path), path, location: path };
}

/** Opens the chosen file (checks: ONNX, image input, size) and settles its input from flags, sidecar and registry. */
export async function openOnnx(
  choice: OnnxChoice,
  flags: ModelInputHints,
): Promise<{ model: OnnxModelFile; modelInput: ModelInput; notes: string[]; sidecar?: string }> {
  const core = await import("@neurotranslator/core");
  const model = core.readOnnxModel(choice.path);
  const sidecar = core.readSidecar(choice.path);
  const { modelInput, notes } = core.resolveModelInput(model.input, {
    flags,
    sidecar,
    registry: choice.registry?.input,
  });
  return { model, modelInput, notes, ...(sidecar ? { sidecar: sidecar.file } : {}) };
}

/** NtError BAD_INPUT when ONNX-only flags were given for a TF.js model. */
export function refuseOnnxFlags(flags: ModelInputHints, model: string): void {
  const given = Object.entries(flags)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (given.length > 0)
    throw new NtError(
      "BAD_INPUT",
      `${given.join(", ")} appl${given.length === 1 ? "ies" : "y"} to ONNX models; ${model} is a TF.js model (its input is described by its graph and registry entry)`,
    );
}
