export { Prng, splitMix64 } from "./prng.ts";
