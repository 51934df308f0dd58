import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { NtError } from "@neurotranslator/schema";

/** A sweep config is a few lines; anything bigger or deeper is refused before it is parsed. */
const MAX_SWEEP_BYTES = 256 * 1024;
const MAX_SWEEP_DEPTH = 32;

/** Reads a sweep file (the `sweep` command's config): JSON by .json, YAML by .yaml / .yml. */
export function readSweepFile(file: string): unknown {
  const ext = extname(file).toLowerCase();
  if (![".json", ".yaml", ".yml"].includes(ext))
    throw new NtError("BAD_INPUT", `${file}: a sweep config must be .json, .yaml or .yml`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new NtError("NOT_FOUND", `${file}: cannot read the sweep config (${(error as Error).message})`);
  }
  if (text.length > MAX_SWEEP_BYTES)
    throw new NtError(
      "LIMIT",
      `${file}: ${text.length} bytes is too large for a sweep config (at most ${MAX_SWEEP_BYTES})`,
    );
  const depth = nestingDepth(text);
  if (depth > MAX_SWEEP_DEPTH)
    throw new NtError(
      "LIMIT",
      `${file}: nested ${depth} levels deep; a sweep config needs at most ${MAX_SWEEP_DEPTH}`,
    );
  try {
    return ext === ".json" ? JSON.parse(text) : parseYaml(text, { logLevel: "error" });
  } catch (error) {
    throw new NtError(
      "FORMAT",
      `${file}: not valid ${ext === ".json" ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
}

/**
 * An upper bound of the nesting depth: open brackets ([ {) in flow style, plus indentation steps and
 * "- " sequence markers in block style. Cheap, and it keeps a hostile file from reaching the parser.
 */
function nestingDepth(text: string): number {
  let brackets = 0;
  let deepest = 0;
  for (const line of text.split("\n")) {
    const indent = /^[ -]*/.exec(line)?.[0] ?? "";
    deepest = Math.max(deepest, Math.ceil(indent.length / 2));
    for (const ch of line) {
      if (ch === "[" || ch === "{") deepest = Math.max(deepest, ++brackets);
      else if (ch === "]" || ch === "}") brackets = Math.max(0, brackets - 1);
    }
  }
  return deepest;
}
