import { execFileSync } from "node:child_process";
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
