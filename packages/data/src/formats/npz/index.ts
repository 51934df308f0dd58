export { openNpz, openNpzSource, type NpzArchive, type OpenNpzOptions } from "./open-npz.ts";
export { fileSource, memorySource, sourceSha256, type ByteReader, type ByteSource } from "./byte-source.ts";
export { writeNpz, readNpzFile, writeNpzFile, type WriteNpzOptions } from "./write-npz.ts";
