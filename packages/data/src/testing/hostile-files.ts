// Test support (not shipped): hostile files made by test/hostile/make-hostile.py (NumPy, h5py, Pillow).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PYTHON, pythonPrerequisite } from "@neurotranslator/vitest-config/prerequisites";

export const MAKE_HOSTILE = fileURLToPath(new URL("../../test/hostile/make-hostile.py", import.meta.url));

/**
 * Undefined when Debian's python3 with NumPy, h5py and Pillow is there, else the skip note; a file that
 * imports this fails instead when NT_REQUIRE_PYTHON=1 or CI is set and they are missing.
 */
export const noHostileTools = pythonPrerequisite(["numpy", "h5py", "PIL"]);

/** Writes one case's files into a fresh temp folder; returns their paths by name. */
export function makeHostile(caseName: string, options: { full?: boolean } = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), `nt-hostile-${caseName}-`));
  const stdout = execFileSync(PYTHON, [MAKE_HOSTILE, dir, caseName, ...(options.full ? ["--full"] : [])], {
    encoding: "utf8",
  });
  return (JSON.parse(stdout) as { files: Record<string, string> }).files;
}

/** A user-facing message: one line, under 1 KB, no control characters. */
export function isOneShortLine(message: string): boolean {
  // eslint-disable-next-line no-control-regex -- checking for control characters
  return message.length < 1024 && !/[\u0000-\u001f\u007f-\u009f]/.test(message);
}
