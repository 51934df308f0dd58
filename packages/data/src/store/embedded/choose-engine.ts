import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { NtError } from "@neurotranslator/schema";
import { findPostgresBinaries } from "./binaries.ts";
import { hasServerData } from "./server-files.ts";
import { canReach, serverUser } from "./server-user.ts";

/** How an embedded store directory is served: a private PostgreSQL server, or PGlite in-process. */
export type StoreEngine = "postgres" | "pglite";

/** PGlite's data folder inside a store directory (stores made before the embedded server). */
export const PGLITE_DATA_DIR = "pgdata";

/**
 * The engine for store directory `dir`. An explicit choice is obeyed (a store already holding the
 * other engine's data is refused: they are not interchangeable). Otherwise: the engine whose data
 * is there (existing PGlite stores keep opening as PGlite), else the PostgreSQL server when its
 * binaries run on this platform and its account can reach `dir`, else PGlite with `onNote` saying why.
 */
export function chooseEngine(
  dir: string,
  wanted: StoreEngine | "auto",
  onNote: (message: string) => void,
): StoreEngine {
  const server = hasServerData(dir);
  const pglite = existsSync(join(dir, PGLITE_DATA_DIR));
  if (wanted !== "auto") {
    const other = wanted === "pglite" ? server : pglite && !server;
    if (other)
      throw new NtError(
        "BAD_INPUT",
        `store ${dir} holds ${wanted === "pglite" ? "an embedded PostgreSQL server's" : "a PGlite"} database, not ${wanted}'s; open it with --store-engine ${wanted === "pglite" ? "postgres" : "pglite"}`,
      );
    return wanted;
  }
  if (server) return "postgres";
  if (pglite) return "pglite";
  const binaries = findPostgresBinaries();
  if (!binaries.ok) {
    onNote(`note: using PGlite (one process at a time) for the new store ${dir}: ${binaries.reason}`);
    return "pglite";
  }
  const user = serverUser();
  // The store directory itself is made enterable when needed (see embedded-server.ts); its parents must be.
  if (!canReach(user, existingAncestor(dirname(dir)))) {
    onNote(
      `note: using PGlite (one process at a time) for the new store ${dir}: the embedded PostgreSQL server would run as "${user.name}" ` +
        `(it refuses root), which cannot reach that directory; a store under /srv or /tmp avoids this`,
    );
    return "pglite";
  }
  return "postgres";
}

/** `dir` or its nearest existing parent (a new store directory does not exist yet). */
function existingAncestor(dir: string): string {
  let path = dir;
  while (!existsSync(path) && join(path, "..") !== path) path = join(path, "..");
  return path;
}
