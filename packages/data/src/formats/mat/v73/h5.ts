import type * as H5Module from "h5wasm";
import { NtError } from "@neurotranslator/schema";
import { installOpenGuard, type EmscriptenFs } from "./jail.ts";

export type H5 = typeof H5Module.default;
type H5Runtime = Awaited<H5["ready"]>;

/** h5wasm's high-level API with its runtime (the module: link queries, FS). */
export interface LoadedH5 {
  h5: H5;
  module: H5Runtime;
  fs: EmscriptenFs;
}

let loading: Promise<LoadedH5> | undefined;

/**
 * Loads h5wasm's ESM build once. Unlike its node build (NODERAWFS: the whole host file system),
 * this build sees only Emscripten's in-memory file system, where each input is mounted alone
 * (`jail.ts`), and every open of any other path is refused. HDF5 errors are switched to thrown JS
 * errors (instead of HDF5-DIAG text on stderr) so that we can turn them into NtErrors.
 */
export function loadH5(): Promise<LoadedH5> {
  // Imported on first use: compiling the HDF5 wasm module costs start-up time every other command would pay.
  loading ??= import("h5wasm").then(
    async (imported) => {
      const h5 = imported.default;
      const module = await h5.ready;
      const fs = module.FS as unknown as EmscriptenFs;
      installOpenGuard(fs);
      module.activate_throwing_error_handler();
      return { h5, module, fs };
    },
    (error: unknown) => {
      loading = undefined;
      throw new NtError("ENGINE", `could not load h5wasm (HDF5 reader): ${(error as Error).message}`, {
        cause: error,
      });
    },
  );
  return loading;
}

/** The most telling line of an HDF5 error stack (the innermost "... in H5X(): reason"). */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^#\d+:/.test(l));
  const last = lines.at(-1);
  if (last === undefined) return (text.split("\n")[0] ?? text).slice(0, 300);
  return last.replace(/^#\d+:\s*\S+ line \d+ in /, "").slice(0, 300);
}
