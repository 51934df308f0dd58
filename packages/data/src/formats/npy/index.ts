export { readNpy, type ReadNpyOptions } from "./read-npy.ts";
export { writeNpy, encodeNpyParts, type WriteNpyOptions } from "./write-npy.ts";
export { readNpyFile, writeNpyFile } from "./npy-file.ts";
export { readNpyHeader, hasNpyMagic, type NpyHeader, type NpyVersion } from "./header.ts";
export { parseDescr, formatDescr, type NpyDtype, type ByteOrder } from "./dtype.ts";
export { DEFAULT_READ_LIMITS, MAX_HEADER_CHARS, MAX_NDIM, formatBytes, type ReadLimits } from "./limits.ts";
export { readFileBytes, writeFileAtomic } from "./files.ts";
/** Alias of readNpy (the name the importers use). */
export { readNpy as parseNpy } from "./read-npy.ts";
