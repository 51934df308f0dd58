// What the launcher (neurotranslator.js) and the bundler (scripts/bundle.mjs) both call "the
// sources": every package's compiled .ts files, as its build sees them.
import { readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const packages = ["schema", "data", "core", "app", "api", "cli"].map((name) =>
  join(packagesDir, name),
);

// Sources the build leaves out (tooling/typescript/build.json's "exclude", and src/testing):
// editing a test changes nothing that runs.
const NOT_BUILT = /\.test\.ts$|\.test-helper\.ts$|^test-.*\.ts$/;

/** [path, mtime] of every file under `dir` ending in `suffix`, minus what `skip(path, name)` rejects. */
export function filesUnder(dir, suffix, skip = () => false, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip(path, entry.name)) continue;
    if (entry.isDirectory()) filesUnder(path, suffix, skip, out);
    // A file may vanish between listing and stat (editors, temp files): it then counts for nothing.
    else if (entry.name.endsWith(suffix))
      out.push([path, statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0]);
  }
  return out;
}

/** [path, mtime] of the sources the build compiles in package directory `pkg`. */
export function builtSources(pkg) {
  const src = join(pkg, "src");
  return filesUnder(src, ".ts", (path, name) => NOT_BUILT.test(name) || path === join(src, "testing"));
}

/** A source's name in the bundle's sources.json: its path below packages/, with forward slashes. */
export function sourceKey(path) {
  return relative(packagesDir, path).split(sep).join("/");
}
