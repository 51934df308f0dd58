import type { File as H5File } from "h5wasm";
import { NtError } from "@neurotranslator/schema";
import { quoteForMessage } from "@neurotranslator/schema";
import type { LoadedH5 } from "./h5.ts";

/**
 * Refuses a root member that is an external link (to another file) or a soft link that does not
 * name another dataset at the root of this file. Checked through the link itself, without
 * following it: following an external link would make HDF5 try to open the other file.
 * MATLAB writes neither kind; a hard link (the normal case) passes.
 */
export function checkRootLink(loaded: LoadedH5, f: H5File, name: string, where: string): void {
  const link = inspectLink(loaded, f, `/${name}`);
  if (link.kind === "external") {
    throw new NtError(
      "FORMAT",
      `${where} is an external link to ${quoteForMessage(link.file)}: links to other files are refused (save the data itself)`,
    );
  }
  if (link.kind !== "soft") return;
  const inner = link.target.startsWith("/") ? link.target.slice(1) : link.target;
  const plainRootName = inner.length > 0 && !inner.includes("/") && !inner.startsWith("#");
  if (!plainRootName || inspectLink(loaded, f, `/${inner}`).kind !== "hard") {
    throw new NtError(
      "FORMAT",
      `${where} is a soft link to ${quoteForMessage(link.target)}, which is not a dataset at the root of this file: refused`,
    );
  }
}

type Link =
  { kind: "hard" | "missing" } | { kind: "external"; file: string } | { kind: "soft"; target: string };

/** What the link at `path` is, read from the link itself (never followed). */
function inspectLink(loaded: LoadedH5, f: H5File, path: string): Link {
  try {
    const external = loaded.module.get_external_link(f.file_id, path) as { filename?: unknown };
    if (typeof external.filename === "string") return { kind: "external", file: external.filename };
    const target = loaded.module.get_symbolic_link(f.file_id, path) as unknown;
    return typeof target === "string" ? { kind: "soft", target } : { kind: "hard" };
  } catch {
    return { kind: "missing" }; // HDF5 has no link of that name
  }
}
