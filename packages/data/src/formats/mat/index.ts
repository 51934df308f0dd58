export { readMat, readMatFile, parseMatHeader } from "./read-mat.ts";
export { DEFAULT_MAT_LIMITS } from "./mat-file.ts";
export type { MatFile, MatLimits, MatVariableInfo, ReadMatOptions } from "./mat-file.ts";
export { fortranToC } from "./fortran-order.ts";
