import { extname } from "node:path";
import { NtError } from "@neurotranslator/data/errors";

/**
 * Checks that `--out FILE` has one of the extensions the command writes (before anything is read or
 * written): a `ds.csv` that silently held a zip archive would mislead whoever opens it.
 */
export function checkOutExtension(out: string, allowed: readonly string[], command: string): void {
  const ext = extname(out).toLowerCase();
  if (!allowed.includes(ext))
    throw new NtError(
      "BAD_INPUT",
      `${command} --out ${out}: writes ${allowed.join(" or ")} only${ext === "" ? " (the file name has no extension)" : `, not ${ext}`}`,
    );
}
