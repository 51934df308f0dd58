import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A fresh temporary directory, enterable by others (0755, not mkdtemp's 0700) so that, under root, a
 * store inside it runs on its embedded PostgreSQL server (as the `postgres` account) as users' stores do.
 */
export function tempDir(prefix = "nt-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}
