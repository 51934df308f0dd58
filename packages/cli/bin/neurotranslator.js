#!/usr/bin/env node
// Starts the CLI from its bundle when the bundle was made from the sources as they are now (fastest
// start), else from the compiled dist/ folders when they are newer than every source, otherwise
// from the sources through tsx, so an edit is never run stale. All run in this process (no child),
// so signals reach the CLI itself.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { register } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { builtSources, filesUnder, packages, sourceKey } from "./built-sources.js";

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const newest = (files) => files.reduce((max, [, mtime]) => Math.max(max, mtime), 0);

/**
 * Whether the bundle (scripts/bundle.mjs) was made from exactly these sources: its sources.json holds
 * their SHA-1s, and only files changed since the bundle are read (an incremental build leaves
 * unchanged outputs untouched, so a touched but unchanged source must not make it look stale).
 */
function bundleMatches(bundle, sources) {
  const made = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;
  if (made === undefined) return false;
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(join(dirname(bundle), "sources.json"), "utf8"));
  } catch {
    return false;
  }
  if (Object.keys(recorded).length !== sources.length) return false;
  return sources.every(([path, mtime]) => {
    const want = recorded[sourceKey(path)];
    if (want === undefined) return false;
    return mtime <= made || createHash("sha1").update(readFileSync(path)).digest("hex") === want;
  });
}

/** Whether each package's dist/ is newer than its compiled sources. */
function distIsFresh(sources) {
  return packages.every((pkg, i) => {
    const dist = join(pkg, "dist");
    return existsSync(dist) && newest(sources[i]) <= newest(filesUnder(dist, ".js"));
  });
}

const sources = packages.map(builtSources);
const bundle = join(cliRoot, "dist-bundle/main.js");
if (bundleMatches(bundle, sources.flat())) await import(pathToFileURL(bundle).href);
else if (distIsFresh(sources)) await import(pathToFileURL(join(cliRoot, "dist/main.js")).href);
else {
  // Workspace packages resolve to their sources through the "nt-source" export condition.
  const addCondition = `export async function resolve(specifier, context, next) {
    return next(specifier, { ...context, conditions: [...context.conditions, "nt-source"] });
  }`;
  register(`data:text/javascript,${encodeURIComponent(addCondition)}`);
  const { register: registerTsx } = await import(import.meta.resolve("tsx/esm/api"));
  registerTsx();
  await import(pathToFileURL(join(cliRoot, "src/main.ts")).href);
}
