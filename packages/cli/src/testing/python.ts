import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PYTHON = "/usr/bin/python3";

/** True when Debian's python3 with NumPy is available (CI installs it; there, its absence is a failure). */
export function hasNumpy(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", "import numpy"], { stdio: "ignore" }).status === 0;
}

export function requireNumpyInCi(): void {
  if (process.env.CI && !hasNumpy()) throw new Error("CI=true but /usr/bin/python3 with numpy is missing: scripts/setup.sh --test installs it");
}

/** Runs a Python snippet with argv and returns stdout. */
export function python(code: string, args: string[] = []): string {
  return execFileSync(PYTHON, ["-c", code, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}
