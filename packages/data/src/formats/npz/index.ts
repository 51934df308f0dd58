export { openNpz, type NpzArchive, type OpenNpzOptions } from "./open-npz.ts";
export { writeNpz, readNpzFile, writeNpzFile, type WriteNpzOptions } from "./write-npz.ts";
export { fuzzNumpyReaders, type FuzzOptions, type FuzzReport } from "./fuzz.ts";
export { BYTE_MUTATIONS, makeRandom, pick, randInt, type Mutation } from "./fuzz-mutations.ts";
