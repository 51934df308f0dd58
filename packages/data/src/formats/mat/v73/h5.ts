import type * as H5Module from "h5wasm/node";
import { NtError } from "../../../errors.ts";

export type H5 = typeof H5Module.default;

let loading: Promise<H5> | undefined;

/**
 * Loads h5wasm's node build once. Its node build reads the host filesystem directly (NODERAWFS),
 * so files are opened in place. HDF5 errors are switched to thrown JS errors (instead of
 * HDF5-DIAG text on stderr) so that we can turn them into NtErrors.
 */
export function loadH5(): Promise<H5> {
  // Imported on first use: compiling the HDF5 wasm module costs start-up time every other command would pay.
  loading ??= import("h5wasm/node").then((imported) => imported.default.ready.then((module) => ({ h5wasm: imported.default, module }))).then(
    ({ h5wasm, module }) => {
      module.activate_throwing_error_handler();
      return h5wasm;
    },
    (error: unknown) => {
      loading = undefined;
      throw new NtError("ENGINE", `could not load h5wasm (HDF5 reader): ${(error as Error).message}`, { cause: error });
    },
  );
  return loading;
}

/** The most telling line of an HDF5 error stack (the innermost "... in H5X(): reason"). */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => /^#\d+:/.test(l));
  const last = lines.at(-1);
  if (last === undefined) return text.split("\n")[0] ?? text;
  return last.replace(/^#\d+:\s*\S+ line \d+ in /, "");
}
