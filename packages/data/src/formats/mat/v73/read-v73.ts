import type { Dataset, File as H5File } from "h5wasm";
import { NtError, formatShape } from "@neurotranslator/schema";
import { quoteForMessage, quotedList } from "@neurotranslator/schema";
import type { NdArray, NumericTypedArray } from "@neurotranslator/schema";
import { charsToStrings } from "../chars.ts";
import { fortranToC } from "../fortran-order.ts";
import { checkLimits, shapeSize } from "../limits.ts";
import { MAX_MAT_VARIABLES, type MatFile, type MatLimits, type MatVariableInfo } from "../mat-file.ts";
import { hdf5Reason, loadH5, type LoadedH5 } from "./h5.ts";
import { mountInput, takeRefusedOpens, type InputSource } from "./jail.ts";
import { checkRootLink } from "./links.ts";
import { MATLAB_CLASSES } from "./matlab-class.ts";
import type { ClassSpec } from "./matlab-class.ts";
import { DEFAULT_SLAB_BYTES, readInSlabs } from "./slabs.ts";

const H5T_COMPOUND = 6;

/** A variable's dataset, checked and described from its header. */
interface Described {
  ds: Dataset;
  spec: ClassSpec;
  cls: string;
  /** MATLAB dims (the HDF5 shape reversed); for an empty variable, its stored dims. */
  shape: number[];
  empty: boolean;
}

/**
 * Opens a MAT v7.3 (HDF5) file served by `source` (see jail.ts: HDF5 sees this one file and nothing
 * else). Variables are the root's members except MATLAB's hidden "#refs#" / "#subsystem#" groups;
 * each is read on `get`, in hyperslabs of at most `slabBytes` (default 64 MiB).
 */
export async function openV73(
  source: InputSource,
  file: string,
  limits: MatLimits,
  slabBytes = DEFAULT_SLAB_BYTES,
): Promise<MatFile> {
  let loaded: LoadedH5;
  try {
    loaded = await loadH5();
  } catch (error) {
    source.close();
    throw error;
  }
  const jail = mountInput(loaded.fs, source);
  let f: H5File | undefined;
  let names: string[];
  try {
    takeRefusedOpens();
    f = jail.whileOpening(() => new loaded.h5.File(jail.path, "r"));
    if (f.file_id < 0n) throw new Error("H5Fopen failed");
    names = f.keys().filter((k) => !k.startsWith("#"));
    if (names.length > MAX_MAT_VARIABLES) {
      throw new NtError(
        "LIMIT",
        `${file}: ${names.length} variables, over the limit of ${MAX_MAT_VARIABLES} (a MAT-file of arrays holds a few)`,
      );
    }
  } catch (error) {
    if (f !== undefined && f.file_id >= 0n) f.close();
    jail.release();
    if (error instanceof NtError) throw error;
    throw new NtError(
      "FORMAT",
      `${file}: not a readable MAT v7.3 (HDF5) file: ${refusalOr(hdf5Reason(error))}`,
      { cause: error },
    );
  }
  const opened = f;
  let open = true;
  const known = new Set(names);
  const guarded = <T>(name: string, read: (where: string) => T): T => {
    if (!open) throw new NtError("BAD_INPUT", `${file}: get(${quoteForMessage(name)}) after close()`);
    if (!known.has(name)) {
      throw new NtError(
        "NOT_FOUND",
        `${file}: no variable ${quoteForMessage(name)} (variables: ${quotedList(names)})`,
      );
    }
    const where = `${file}: variable ${quoteForMessage(name)}`;
    takeRefusedOpens();
    try {
      const value = read(where);
      const outside = takeRefusedOpens();
      if (outside.length > 0) throw outsideError(where, outside);
      return value;
    } catch (error) {
      const outside = takeRefusedOpens();
      if (outside.length > 0) throw outsideError(where, outside);
      if (error instanceof NtError) throw error;
      throw new NtError("FORMAT", `${where} cannot be read: ${hdf5Reason(error)}`, { cause: error });
    }
  };
  return {
    version: "7.3",
    names,
    has: (name) => known.has(name),
    info: (name) => guarded(name, (where) => infoOf(describe(loaded, opened, name, where, limits))),
    get: (name) =>
      guarded(name, (where) => readVariable(describe(loaded, opened, name, where, limits), where, slabBytes)),
    close() {
      if (!open) return;
      open = false;
      try {
        opened.close();
      } finally {
        jail.release();
      }
    },
  };
}

function outsideError(where: string, paths: string[]): NtError {
  // HDF5 looks for filter plugins in these folders (it would load code from there)
  if (paths.every((p) => /\/plugin$/.test(p))) {
    return new NtError(
      "FORMAT",
      `${where} is compressed with a filter HDF5 would load as a plugin, which is refused (save with gzip or no compression)`,
    );
  }
  return new NtError(
    "FORMAT",
    `${where} refers to data outside this file (${quotedList(paths, 3)}): external storage, external links and virtual datasets are refused`,
  );
}

function refusalOr(reason: string): string {
  const outside = takeRefusedOpens();
  return outside.length > 0
    ? `it refers to other files (${quotedList(outside, 3)}), which is refused`
    : reason;
}

/** Checks the link, the class and the type of a variable and reads its shape: no data is read. */
function describe(loaded: LoadedH5, f: H5File, name: string, where: string, limits: MatLimits): Described {
  checkRootLink(loaded, f, name, where);
  const entity = f.get(name);
  const cls = stringAttr(entity, "MATLAB_class");
  if (entity instanceof loaded.h5.Group) {
    if (entity.attrs["MATLAB_sparse"] !== undefined) {
      throw new NtError(
        "FORMAT",
        `${where} is a sparse ${cls ?? ""} array, which is not supported (save it with full())`,
      );
    }
    throw new NtError(
      "FORMAT",
      `${where} is a ${cls ?? "group"} (HDF5 group), which is not supported (save numeric arrays)`,
    );
  }
  if (!(entity instanceof loaded.h5.Dataset)) throw new NtError("FORMAT", `${where} is not an HDF5 dataset`);
  const meta = entity.metadata;
  if ((meta.virtual_sources?.length ?? 0) > 0) {
    const sources = (meta.virtual_sources ?? []).map((s) => `${s.file_name}:${s.dset_name}`);
    throw new NtError(
      "FORMAT",
      `${where} is a virtual dataset mapping ${quotedList(sources, 3)}: virtual datasets are refused`,
    );
  }
  if (cls === undefined)
    throw new NtError("FORMAT", `${where} has no MATLAB_class attribute: not written by MATLAB`);
  const spec = MATLAB_CLASSES[cls];
  if (spec === undefined) {
    throw new NtError(
      "FORMAT",
      `${where} is of MATLAB class ${quoteForMessage(cls)}, which is not supported (save numeric arrays)`,
    );
  }
  if (meta.type === H5T_COMPOUND)
    throw new NtError("FORMAT", `${where} holds complex data, which is not supported`);
  if (numberAttr(entity, "MATLAB_empty") === 1)
    return { ds: entity, spec, cls, shape: emptyDims(entity, where), empty: true };
  if (
    meta.type !== spec.h5Type ||
    meta.size !== spec.size ||
    (meta.type === 0 && meta.signed !== spec.signed)
  ) {
    throw new NtError(
      "FORMAT",
      `${where} has MATLAB class "${cls}" but HDF5 type class ${meta.type}, ${meta.size} bytes, ${meta.signed ? "signed" : "unsigned"}`,
    );
  }
  if (meta.shape === null) throw new NtError("FORMAT", `${where} has no dataspace (null HDF5 shape)`);
  if (meta.shape.length > 64)
    throw new NtError("LIMIT", `${where} has ${meta.shape.length} dimensions (limit 64)`);
  const shape = [...meta.shape].reverse(); // MATLAB dims, stored reversed by MATLAB
  checkLimits(shapeSize(shape, where), spec.size, limits, where, shape);
  return { ds: entity, spec, cls, shape, empty: false };
}

function infoOf(d: Described): MatVariableInfo {
  if (d.spec.dtype === "unicode") return { dtype: "unicode", shape: [d.shape[0] ?? 0] };
  return { dtype: d.spec.dtype, shape: d.shape };
}

function readVariable(d: Described, where: string, slabBytes: number): NdArray {
  const { ds, spec, shape } = d;
  if (d.empty) {
    if (spec.dtype === "unicode") return charsToStrings([], shape, where);
    return { dtype: spec.dtype, shape, data: new spec.ctor(0) };
  }
  const count = shapeSize(shape, where);
  const check = (part: unknown): NumericTypedArray => {
    if (!(part instanceof spec.ctor))
      throw new NtError("FORMAT", `${where}: HDF5 returned data that is not of class "${d.cls}"`);
    return part;
  };
  // One value first: a dataset stored outside the file fails here, before the whole output is allocated.
  if (count > 0) check(ds.slice(shape.map(() => [0, 1]) as [number, number][]));
  const raw = new spec.ctor(count);
  readInSlabs(ds, [...shape].reverse(), raw, slabBytes, check, ds.metadata.chunks);
  if (spec.dtype === "unicode") return charsToStrings(raw as Uint16Array, shape, where);
  const data = fortranToC(raw, shape);
  if (spec.dtype === "bool") {
    const bools = data as Uint8Array;
    for (let i = 0; i < bools.length; i++) bools[i] = bools[i] ? 1 : 0;
  }
  return { dtype: spec.dtype, shape, data };
}

/** MATLAB writes an empty array as its dims (uint64) with MATLAB_empty = 1. */
function emptyDims(ds: Dataset, where: string): number[] {
  const meta = ds.metadata;
  if (meta.type !== 0 || meta.size !== 8 || (meta.shape?.reduce((a, b) => a * b, 1) ?? 0) > 32) {
    throw new NtError("FORMAT", `${where} is marked MATLAB_empty but does not hold its dims as uint64`);
  }
  const dims = ds.value;
  if (!(dims instanceof BigUint64Array)) {
    throw new NtError("FORMAT", `${where} is marked MATLAB_empty but does not hold its dims as uint64`);
  }
  const shape = Array.from(dims, Number);
  if (shapeSize(shape, where) !== 0) {
    throw new NtError("FORMAT", `${where} is marked MATLAB_empty but has shape ${formatShape(shape)}`);
  }
  return shape;
}

function stringAttr(entity: unknown, key: string): string | undefined {
  const attrs = (entity as { attrs?: Record<string, { value: unknown }> } | null)?.attrs;
  const value = attrs?.[key]?.value;
  return typeof value === "string" ? value : undefined;
}

function numberAttr(entity: Dataset, key: string): number | undefined {
  const value = entity.attrs[key]?.value;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (ArrayBuffer.isView(value) && (value as Uint8Array).length === 1)
    return Number((value as Uint8Array)[0]);
  return undefined;
}
