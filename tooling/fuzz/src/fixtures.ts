import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// This file is tooling/fuzz/src/fixtures.ts of the checkout.
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const PACKAGES = join(REPO_ROOT, "packages");

/** packages/data/test/fixtures/<sub> of this checkout (real NumPy, SciPy, MATLAB and PIL output). */
export function dataFixturesDir(sub: string): string {
  return join(PACKAGES, "data/test/fixtures", sub);
}

/** ../shared beside the repository root (the shared model and Kay stimuli). */
export function sharedDir(): string {
  return resolve(REPO_ROOT, "../shared");
}

/**
 * The files in `dir` whose names end with one of `extensions`, sorted by name (so the corpus, and
 * thereby every case, is the same on every run); none when the folder is absent.
 */
export function readSeedFiles(dir: string, extensions: readonly string[], limit = Infinity): Uint8Array[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => extensions.some((ext) => name.endsWith(ext)))
    .sort()
    .slice(0, limit)
    .map((name) => new Uint8Array(readFileSync(join(dir, name))));
}
