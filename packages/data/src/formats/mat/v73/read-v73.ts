import type { Dataset, File as H5File } from "h5wasm/node";
import { NtError, formatShape } from "../../../errors.ts";
import type { NdArray, NumericTypedArray } from "../../../schema/ndarray.ts";
import { charsToStrings } from "../chars.ts";
import { fortranToC } from "../fortran-order.ts";
import { checkLimits, shapeSize } from "../limits.ts";
import type { MatFile, MatLimits } from "../mat-file.ts";
import { hdf5Reason, loadH5 } from "./h5.ts";
import { MATLAB_CLASSES } from "./matlab-class.ts";
import type { ClassSpec } from "./matlab-class.ts";

const H5T_COMPOUND = 6;

/**
 * Opens a MAT v7.3 (HDF5) file at `path` in place. Variables are the root's members except
 * MATLAB's hidden "#refs#" / "#subsystem#" groups; each is read on `get`. `onClose` runs after
 * the HDF5 file is closed (used to delete a temp copy).
 */
export async function openV73(path: string, file: string, limits: MatLimits, onClose: () => void = () => {}): Promise<MatFile> {
  const h5 = await loadH5();
  let f: H5File | undefined;
  let names: string[];
  try {
    f = new h5.File(path, "r");
    if (f.file_id < 0n) throw new Error("H5Fopen failed");
    names = f.keys().filter((k) => !k.startsWith("#"));
  } catch (error) {
    if (f !== undefined && f.file_id >= 0n) f.close();
    onClose();
    throw new NtError("FORMAT", `${file}: not a readable MAT v7.3 (HDF5) file: ${hdf5Reason(error)}`, { cause: error });
  }
  const opened = f;
  let open = true;
  const known = new Set(names);
  return {
    version: "7.3",
    names,
    has: (name) => known.has(name),
    get(name): NdArray {
      if (!open) throw new NtError("BAD_INPUT", `${file}: get("${name}") after close()`);
      if (!known.has(name)) {
        throw new NtError("NOT_FOUND", `${file}: no variable "${name}" (variables: ${names.join(", ")})`);
      }
      const where = `${file}: variable "${name}"`;
      try {
        return readVariable(h5, opened, name, where, limits);
      } catch (error) {
        if (error instanceof NtError) throw error;
        throw new NtError("FORMAT", `${where} cannot be read: ${hdf5Reason(error)}`, { cause: error });
      }
    },
    close() {
      if (!open) return;
      open = false;
      try {
        opened.close();
      } finally {
        onClose();
      }
    },
  };
}

function readVariable(h5: Awaited<ReturnType<typeof loadH5>>, f: H5File, name: string, where: string, limits: MatLimits): NdArray {
  const entity = f.get(name);
  const cls = stringAttr(entity, "MATLAB_class");
  if (entity instanceof h5.Group) {
    if (entity.attrs["MATLAB_sparse"] !== undefined) {
      throw new NtError("FORMAT", `${where} is a sparse ${cls ?? ""} array, which is not supported (save it with full())`);
    }
    throw new NtError("FORMAT", `${where} is a ${cls ?? "group"} (HDF5 group), which is not supported (save numeric arrays)`);
  }
  if (!(entity instanceof h5.Dataset)) throw new NtError("FORMAT", `${where} is not an HDF5 dataset`);
  if (cls === undefined) throw new NtError("FORMAT", `${where} has no MATLAB_class attribute: not written by MATLAB`);
  const spec = MATLAB_CLASSES[cls];
  if (spec === undefined) {
    throw new NtError("FORMAT", `${where} is of MATLAB class "${cls}", which is not supported (save numeric arrays)`);
  }
  const meta = entity.metadata;
  if (meta.type === H5T_COMPOUND) throw new NtError("FORMAT", `${where} holds complex data, which is not supported`);
  if (numberAttr(entity, "MATLAB_empty") === 1) return emptyVariable(entity, spec, where);
  if (meta.type !== spec.h5Type || meta.size !== spec.size || (meta.type === 0 && meta.signed !== spec.signed)) {
    throw new NtError(
      "FORMAT",
      `${where} has MATLAB class "${cls}" but HDF5 type class ${meta.type}, ${meta.size} bytes, ${meta.signed ? "signed" : "unsigned"}`,
    );
  }
  if (meta.shape === null) throw new NtError("FORMAT", `${where} has no dataspace (null HDF5 shape)`);
  const shape = [...meta.shape].reverse(); // MATLAB dims, stored reversed by MATLAB
  const count = shapeSize(shape, where);
  checkLimits(count, spec.size, limits, where, shape);
  const raw = count === 0 ? new spec.ctor(0) : entity.value;
  if (!(raw instanceof spec.ctor) || raw.length !== count) {
    throw new NtError("FORMAT", `${where}: expected ${count} values of class "${cls}" for shape ${formatShape(shape)}`);
  }
  if (spec.dtype === "unicode") return charsToStrings(raw as Uint16Array, shape, where);
  const data = fortranToC(raw as NumericTypedArray, shape);
  if (spec.dtype === "bool") {
    const bools = data as Uint8Array;
    for (let i = 0; i < bools.length; i++) bools[i] = bools[i] ? 1 : 0;
  }
  return { dtype: spec.dtype, shape, data };
}

/** MATLAB writes an empty array as its dims (uint64) with MATLAB_empty = 1. */
function emptyVariable(ds: Dataset, spec: ClassSpec, where: string): NdArray {
  const dims = ds.value;
  if (!(dims instanceof BigUint64Array) || dims.length > 32) {
    throw new NtError("FORMAT", `${where} is marked MATLAB_empty but does not hold its dims as uint64`);
  }
  const shape = Array.from(dims, Number);
  if (shapeSize(shape, where) !== 0) {
    throw new NtError("FORMAT", `${where} is marked MATLAB_empty but has shape ${formatShape(shape)}`);
  }
  if (spec.dtype === "unicode") return charsToStrings([], shape, where);
  return { dtype: spec.dtype, shape, data: new spec.ctor(0) };
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
  if (ArrayBuffer.isView(value) && (value as Uint8Array).length === 1) return Number((value as Uint8Array)[0]);
  return undefined;
}
