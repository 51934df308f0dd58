// Locates OpenBLAS (cblas.h + libopenblas) and LAPACKE (lapacke.h + liblapacke) on this machine.
// Used by scripts/build-native.mjs (to decide whether to build at all) and by binding.gyp
// (`node find-blas.mjs include|libdirs|libs` prints gyp lists), so both agree on the paths.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Candidate prefixes: Debian/Ubuntu multiarch, plain /usr and /usr/local, Homebrew (both arches). */
function candidatePrefixes() {
  const prefixes = [];
  if (process.env.OPENBLAS_PREFIX) prefixes.push(process.env.OPENBLAS_PREFIX);
  prefixes.push(
    "/opt/homebrew/opt/openblas",
    "/usr/local/opt/openblas",
    "/opt/homebrew/opt/lapack",
    "/usr/local/opt/lapack",
  );
  prefixes.push("/usr/local", "/usr");
  return prefixes;
}

function includeDirsOf(prefix) {
  const dirs = [join(prefix, "include"), join(prefix, "include", "openblas")];
  const triplet = `${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux-gnu`;
  dirs.push(join(prefix, "include", triplet));
  return dirs;
}

function libDirsOf(prefix) {
  const triplet = `${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux-gnu`;
  return [join(prefix, "lib", triplet), join(prefix, "lib")];
}

function findFile(dirs, names) {
  for (const dir of dirs) for (const name of names) if (existsSync(join(dir, name))) return dir;
  return undefined;
}

/**
 * Returns the include and library directories holding cblas.h, lapacke.h, libopenblas and
 * liblapacke, or `{ missing: [...] }` naming what was not found.
 */
export function findBlas() {
  const prefixes = candidatePrefixes();
  const includeDirs = prefixes.flatMap(includeDirsOf);
  const libDirs = prefixes.flatMap(libDirsOf);
  const soNames = (lib) => [`lib${lib}.so`, `lib${lib}.dylib`, `lib${lib}.a`];
  // Homebrew's openblas carries LAPACKE inside libopenblas, so a separate liblapacke is optional there.
  const lapackeLib = findFile(libDirs, soNames("lapacke"));
  const found = {
    cblas: findFile(includeDirs, ["cblas.h"]),
    lapacke: findFile(includeDirs, ["lapacke.h"]),
    openblas: findFile(libDirs, soNames("openblas")),
    liblapacke: process.platform === "darwin" ? (lapackeLib ?? "(in libopenblas)") : lapackeLib,
  };
  const missing = Object.entries(found)
    .filter(([, dir]) => dir === undefined)
    .map(([name]) => name);
  if (missing.length > 0) return { missing };
  const libs = lapackeLib === undefined ? ["-lopenblas"] : ["-lopenblas", "-llapacke"];
  return {
    missing: [],
    includeDirs: [...new Set([found.cblas, found.lapacke])],
    libDirs: [...new Set([found.openblas, lapackeLib ?? found.openblas])],
    libs,
  };
}

/** One line telling the user what to install for the native engine on this platform. */
export function installHint() {
  if (process.platform === "darwin")
    return "brew install openblas (it includes LAPACKE), then pnpm --filter @neurotranslator/core build";
  if (process.platform === "win32")
    return "the native engine is not supported on Windows; the JS engine is used";
  return "apt-get install libopenblas-dev liblapacke-dev (Debian/Ubuntu; dnf install openblas-devel lapack-devel on Fedora), then pnpm --filter @neurotranslator/core build";
}

// CLI for binding.gyp: prints a space-separated gyp list.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const what = process.argv[2];
  const blas = findBlas();
  if (blas.missing.length > 0) {
    console.error(`find-blas: missing ${blas.missing.join(", ")}`);
    process.exit(1);
  }
  const lists = {
    include: blas.includeDirs,
    libdirs: blas.libDirs.map((d) => `-L${d}`),
    libs: blas.libs,
    rpath: blas.libDirs.map((d) => `-Wl,-rpath,${d}`),
  };
  const list = lists[what];
  if (list === undefined) {
    console.error(`find-blas: unknown list "${what}" (include|libdirs|libs|rpath)`);
    process.exit(1);
  }
  console.log(list.join(" "));
}
