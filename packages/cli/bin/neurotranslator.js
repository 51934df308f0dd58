#!/usr/bin/env node
// Starts the CLI from the compiled dist/ folders when they are newer than every TypeScript source
// (from their bundle when it is newer still: fastest start), otherwise from the sources through tsx,
// so an edit is never run stale. All run in this process (no child), so signals reach the CLI itself.
import { existsSync, readdirSync, statSync } from "node:fs";
import { register } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const packagesDir = dirname(cliRoot);
const packages = ["schema", "data", "core", "app", "api", "cli"].map((name) => join(packagesDir, name));

function newestMtime(dir, suffix) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, suffix));
    // A file may vanish between listing and stat (editors, temp files): it then counts for nothing.
    else if (entry.name.endsWith(suffix))
      newest = Math.max(newest, statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  }
  return newest;
}

/** The newest compiled file of every package, or 0 when some package's dist/ is older than its sources. */
function freshDistMtime() {
  let newest = 0;
  for (const pkg of packages) {
    const dist = join(pkg, "dist");
    if (!existsSync(dist)) return 0;
    const built = newestMtime(dist, ".js");
    if (newestMtime(join(pkg, "src"), ".ts") > built) return 0;
    newest = Math.max(newest, built);
  }
  return newest;
}

const distMtime = freshDistMtime();
if (distMtime > 0) {
  // The bundle of those files (scripts/bundle.mjs) loads in a fraction of the time; it is used
  // only when it was made after every one of them.
  const bundle = join(cliRoot, "dist-bundle/main.js");
  const bundled = (statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= distMtime;
  await import(pathToFileURL(bundled ? bundle : join(cliRoot, "dist/main.js")).href);
} else {
  // Workspace packages resolve to their sources through the "nt-source" export condition.
  const addCondition = `export async function resolve(specifier, context, next) {
    return next(specifier, { ...context, conditions: [...context.conditions, "nt-source"] });
  }`;
  register(`data:text/javascript,${encodeURIComponent(addCondition)}`);
  const { register: registerTsx } = await import(import.meta.resolve("tsx/esm/api"));
  registerTsx();
  await import(pathToFileURL(join(cliRoot, "src/main.ts")).href);
}
