export { openNpz, openNpzSource, type NpzArchive, type OpenNpzOptions } from "./open-npz.ts";
export { fileSource, memorySource, sourceSha256, type ByteReader, type ByteSource } from "./byte-source.ts";
export { writeNpz, readNpzFile, writeNpzFile, type WriteNpzOptions } from "./write-npz.ts";
export { fuzzNumpyReaders, type FuzzOptions, type FuzzReport } from "./fuzz.ts";
export { BYTE_MUTATIONS, makeRandom, pick, randInt, type Mutation } from "./fuzz-mutations.ts";
