// Test prerequisites that a developer's machine may lack (the native OpenBLAS engine, Python with NumPy
// or h5py). A missing one skips its tests visibly, with the reason; where the run requires it
// (NT_REQUIRE_<NAME>=1, or CI=true, as .ci/run sets) a missing one fails the run instead.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, it } from "vitest";

export const PYTHON = "/usr/bin/python3";

/** True for CI=true or CI=1 (the one reading of CI in the test suites). */
export function inCi() {
  return ["true", "1"].includes((process.env.CI ?? "").toLowerCase());
}

/** True when a missing prerequisite `name` ("NATIVE", "PYTHON") must fail the run. */
export function isRequired(name) {
  return process.env[`NT_REQUIRE_${name}`] === "1" || inCi();
}

/**
 * `missing` is undefined when the prerequisite is there, else why not. Returns the skip note (undefined
 * when present); throws, failing the test file, when the prerequisite is required.
 */
export function prerequisite(name, missing) {
  if (missing === undefined) return undefined;
  if (isRequired(name))
    throw new Error(`${inCi() ? "CI is set" : `NT_REQUIRE_${name}=1`}, so this is required, but ${missing}`);
  return `${missing}; NT_REQUIRE_${name}=1 makes this a failure`;
}

const cache = new Map();
/** Why /usr/bin/python3 cannot import `modules` (undefined when it can). */
export function pythonMissing(modules) {
  const key = modules.join(",");
  if (!cache.has(key)) {
    let why;
    if (!existsSync(PYTHON)) why = `${PYTHON} is missing`;
    else if (spawnSync(PYTHON, ["-c", `import ${key}`], { stdio: "ignore" }).status !== 0)
      why = `${PYTHON} cannot import ${modules.join(", ")}`;
    cache.set(key, why === undefined ? undefined : `${why} (scripts/setup.sh --test installs it)`);
  }
  return cache.get(key);
}

/** The skip note for tests that need Python with `modules` (see prerequisite). */
export function pythonPrerequisite(modules) {
  return prerequisite("PYTHON", pythonMissing(modules));
}

/**
 * describe(name, body) when `skipNote` is undefined; otherwise a suite of one skipped test that shows
 * the note (body is not run: its set-up would need the missing prerequisite).
 */
export function describeUnless(skipNote, name, body) {
  if (skipNote === undefined) return describe(name, body);
  return describe(name, () => {
    it("(skipped here)", (ctx) => ctx.skip(skipNote));
  });
}

/** The skip note for tests that need the PostgreSQL server at NT_TEST_DATABASE_URL (undefined: run them). */
export function postgresSkipNote() {
  return process.env.NT_SKIP_POSTGRES === "1"
    ? "NT_SKIP_POSTGRES=1: no PostgreSQL server to test against"
    : undefined;
}
