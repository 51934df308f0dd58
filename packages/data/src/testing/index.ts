// Test support (not shipped, not compiled to dist/): fixtures the tests of every package share.
export { makeRandom, pick, randInt, type Rand } from "./random.ts";
export { BYTE_MUTATIONS, NUMPY_MUTATIONS, type Mutation } from "./npz-mutations.ts";
