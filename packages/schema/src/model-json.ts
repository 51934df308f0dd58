import { z } from "zod";
import { NtError } from "./errors.ts";
import { zodErrorText } from "./zod-error.ts";

/**
 * Why a weight-shard path from a model.json may not be used, or undefined when it is safe: it must
 * name a file inside the model folder (locally) or beside model.json (by URL). Refused: empty
 * paths, absolute paths ("/x", "C:x", "\\x", "http://h/x"), backslashes, NUL bytes and any "." or
 * ".." segment, also percent-encoded ("%2e%2e" is ".." to a URL resolver). The one check shared by
 * the reader (readModelDir) and the downloader.
 */
export function shardPathProblem(path: string): string | undefined {
  if (path.length === 0) return "is empty";
  if (path.includes("\0")) return "contains a NUL byte";
  if (path.includes("\\")) return "contains a backslash";
  if (path.startsWith("/")) return "is absolute";
  // A colon makes "C:x" a drive path and "http:x" / "file:x" a URL of its own.
  if (path.includes(":")) return "contains a colon (drive letter or URL scheme)";
  for (const segment of path.split("/")) {
    const decoded = segment.replace(/%2e/gi, ".");
    if (decoded === "." || decoded === "..") return "leaves the model folder";
    if (segment === "") return "has an empty segment";
  }
  return undefined;
}

const ShardPath = z.string().superRefine((path, ctx) => {
  const problem = shardPathProblem(path);
  if (problem !== undefined)
    ctx.addIssue({ code: "custom", message: `shard path ${JSON.stringify(path)} ${problem}` });
});

const WeightEntry = z.looseObject({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.string(),
  quantization: z.looseObject({ dtype: z.string() }).optional(),
});

const WeightsGroup = z.looseObject({
  paths: z.array(ShardPath),
  weights: z.array(WeightEntry),
});

/**
 * A TF.js model.json (graph or layers format), as far as we read it: the topology must be an
 * object, every manifest field has its type, every shard path stays in the model folder. Other
 * fields pass through untouched.
 */
export const ModelJsonSchema = z.looseObject({
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  modelTopology: z.looseObject({}),
  weightsManifest: z.array(WeightsGroup),
});

/** The parsed model.json of a TF.js model (graph or layers format). */
export type ModelJson = z.infer<typeof ModelJsonSchema>;

/** Validates parsed model.json; throws NtError FORMAT naming `where` and each bad field (e.g. weightsManifest[0].paths[1]). */
export function validateModelJson(json: unknown, where: string): ModelJson {
  const result = ModelJsonSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = zodErrorText(result.error, { line: (_, i) => `${fieldName(i.path)}: ${i.message}`, max: 5 });
  throw new NtError("FORMAT", `${where}: not a valid TF.js model.json: ${issues}`);
}

/**
 * Parses and checks model.json text against ModelJsonSchema (field types, shard paths that stay in
 * the model folder); `where` names the file in errors (NtError FORMAT).
 */
export function parseModelJson(text: string, where: string): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NtError("FORMAT", `${where}: not valid JSON (${(error as Error).message})`);
  }
  return validateModelJson(json, where);
}

/** ["weightsManifest", 0, "paths", 1] -> "weightsManifest[0].paths[1]"; [] -> "(root)". */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}
