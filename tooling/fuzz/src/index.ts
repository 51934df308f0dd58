export {
  runFuzz,
  validateFuzzOptions,
  SKIPPED_TARGETS,
  type FuzzRunOptions,
  type FuzzSummary,
  type FuzzFinding,
  type TargetSummary,
} from "./run-fuzz.ts";
export { FUZZ_TARGETS, type FuzzTargetName } from "./target.ts";
