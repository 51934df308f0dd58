// Builds the optional native OpenBLAS/LAPACKE addon (native/) with node-gyp. When the libraries,
// headers or a compiler are missing this prints a WARNING line on stderr saying what to install and
// exits 0 (NeuroTranslator then runs on the pure-JS engine), unless NT_REQUIRE_NATIVE=1 or CI is set
// (as in CI, whose speed figures are the native engine's): then it exits 1.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findBlas, installHint } from "../native/find-blas.mjs";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const nativeDir = join(packageDir, "native");
const prefix = "build-native:";

const required =
  process.env.NT_REQUIRE_NATIVE === "1" || ["true", "1"].includes((process.env.CI ?? "").toLowerCase());

function skip(why) {
  const consequence = required ? "NT_REQUIRE_NATIVE=1 or CI is set, so this fails" : "using the JS engine";
  console.error(
    `${prefix} WARNING: native engine not built (${why}); ${consequence}. To enable it: ${installHint()}`,
  );
  process.exit(required ? 1 : 0);
}

if (process.platform === "win32") skip("Windows is not supported");
const blas = findBlas();
if (blas.missing.length > 0) skip(`not found: ${blas.missing.join(", ")}`);

const nodeGyp = [
  join(packageDir, "node_modules", ".bin", "node-gyp"),
  join(packageDir, "..", "..", "node_modules", ".bin", "node-gyp"),
].find(existsSync);
if (nodeGyp === undefined) skip("node-gyp is not installed; run pnpm install first");

// Build against this Node's own headers when they are installed (offline); otherwise node-gyp
// fetches them itself.
const nodePrefix = resolve(dirname(process.execPath), "..");
const args = ["rebuild"];
if (existsSync(join(nodePrefix, "include", "node", "node_api.h"))) args.push(`--nodedir=${nodePrefix}`);

const started = Date.now();
const result = spawnSync(nodeGyp, args, { cwd: nativeDir, encoding: "utf8" });
if (result.status !== 0) {
  const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`;
  const firstError =
    output.split("\n").find((l) => /error/i.test(l) && !l.startsWith("gyp ERR! stack")) ??
    result.error?.message ??
    "unknown error";
  skip(`node-gyp failed: ${firstError.trim()}; a C++ compiler (build-essential) and python3 are needed`);
}

// Load it in a child process so a broken library link is reported here rather than at first use.
const addonPath = join(nativeDir, "build", "Release", "nt_linalg.node");
const check = spawnSync(
  process.execPath,
  ["-e", `console.log(JSON.stringify(require(${JSON.stringify(addonPath)}).describe()))`],
  { encoding: "utf8" },
);
if (check.status !== 0) skip(`the built addon does not load: ${(check.stderr || "").split("\n")[0]}`);
const info = JSON.parse(check.stdout);
console.log(
  `${prefix} built ${addonPath} in ${((Date.now() - started) / 1000).toFixed(1)} s (${info.config})`,
);
