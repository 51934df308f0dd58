import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import { readSweepFile } from "@neurotranslator/app/sweep-file";
import { parseSweepConfig } from "@neurotranslator/app/sweep";
import { mutateJson } from "./mutate-json.ts";
import { pick } from "./random.ts";
import { caseTarget, type FuzzTarget } from "./target.ts";

/** Valid sweep configs covering every field form (one or many, solver strings and objects, area sets). */
const SEEDS: unknown[] = [
  { dataset: "kay", features: "mobilenet" },
  {
    datasets: ["kay", "sim"],
    features: ["mobilenet", "planted"],
    solvers: ["ridge-cv", { name: "ridge", options: { alphas: [1, 10, 100] } }, { name: "ols" }],
    rois: ["all", "each", ["V1", "V2"]],
    layers: ["early", "late"],
    seeds: [0, 1, 2],
    permutations: 100,
    bootstrap: 50,
  },
  { dataset: "kay", features: ["mobilenet"], rois: [["LatOcc"]], layers: "all", seeds: [7] },
];

/** YAML-only hostile text: an alias bomb (each level doubles), a custom tag, a key-merge loop. */
const YAML_TEXTS: Record<string, string> = {
  aliasBomb: [
    "a: &a [x, x]",
    ...Array.from(
      { length: 30 },
      (_, i) =>
        `${String.fromCharCode(98 + (i % 24))}${i}: &l${i} [*${i === 0 ? "a" : `l${i - 1}`}, *${i === 0 ? "a" : `l${i - 1}`}]`,
    ),
    "dataset: kay",
    "features: m",
  ].join("\n"),
  tag: "dataset: !!js/function 'function () { return 1 }'\nfeatures: m",
  merge: "base: &b {dataset: kay}\n<<: *b\nfeatures: m",
  tabs: "dataset:\tkay\n\tfeatures: m",
};

/**
 * Sweep config files (JSON or YAML, as `neurotranslator sweep FILE` reads them): structural and text
 * mutations of valid configs, parsed by the `sweep` command's own reader (readSweepFile) and validated
 * by the zod schema of packages/app/src/sweep.ts. Only acceptance or an NtError (FORMAT, BAD_INPUT) may come out.
 */
export function sweepConfigTarget(): FuzzTarget {
  const dir = mkdtempSync(join(tmpdir(), "nt-fuzz-sweep-"));
  return caseTarget(
    "sweep-config",
    (rand) => {
      const yaml = rand() < 0.5;
      const { text, mutations } = mutateJson(pick(rand, SEEDS), rand);
      // YAML: the mutated document re-serialised as YAML when it still parses as JSON, else the broken text.
      let source = text;
      if (yaml && rand() < 0.1) {
        const name = pick(rand, Object.keys(YAML_TEXTS));
        mutations.push(`yaml.${name}`);
        source = YAML_TEXTS[name] as string;
      } else if (yaml) {
        try {
          source = toYaml(JSON.parse(text) as unknown);
        } catch {
          source = text;
        }
      }
      return {
        mutations: [yaml ? "yaml" : "json", ...mutations],
        run() {
          const file = join(dir, yaml ? "sweep.yaml" : "sweep.json");
          writeFileSync(file, source);
          const config = parseSweepConfig(readSweepFile(file), file);
          if (config.features.length === 0) return "accepted a sweep without feature sets";
          return undefined;
        },
      };
    },
    async () => rmSync(dir, { recursive: true, force: true }),
  );
}
