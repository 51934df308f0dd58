import { execFileSync } from "node:child_process";
import { KAY_ROI_NAMES } from "@neurotranslator/schema";
import { PYTHON, pythonPrerequisite } from "@neurotranslator/vitest-config/prerequisites";

/**
 * Undefined when Debian's python3 imports NumPy, else the skip note for the tests that need it.
 * Throws (failing the test file) when NT_REQUIRE_PYTHON=1 or CI is set and it does not.
 */
export function numpySkipNote(): string | undefined {
  return pythonPrerequisite(["numpy"]);
}

/** Runs a Python snippet with argv and returns stdout. */
export function python(code: string, args: string[] = []): string {
  return execFileSync(PYTHON, ["-c", code, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * The first lines of a NumPy fixture script run by `python(script, [dir])`: `out` (the folder, argv[1]),
 * `rng` seeded with `seed`, and `roi_names`, Kay's area names as the importer expects them.
 */
export function numpyFixtureHeader(seed: number): string {
  return [
    "import sys, numpy as np",
    "out = sys.argv[1]",
    `rng = np.random.default_rng(${seed})`,
    `roi_names = np.array(${JSON.stringify(KAY_ROI_NAMES)})`,
  ].join("\n");
}
