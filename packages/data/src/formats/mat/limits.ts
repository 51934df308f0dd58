import { NtError, formatShape } from "@neurotranslator/schema";
import { DEFAULT_MAT_LIMITS } from "./mat-file.ts";
import type { MatLimits } from "./mat-file.ts";

export function resolveLimits(limits: Partial<MatLimits> | undefined): MatLimits {
  return { ...DEFAULT_MAT_LIMITS, ...limits };
}

/** Element count of a shape; throws FORMAT for negative or non-integer dims. */
export function shapeSize(shape: readonly number[], where: string): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new NtError("FORMAT", `${where} has an invalid dimension ${d} in shape ${formatShape(shape)}`);
    }
    n *= d;
  }
  return n;
}

/** Throws LIMIT when a variable of `count` elements of `itemBytes` each exceeds the limits. */
export function checkLimits(
  count: number,
  itemBytes: number,
  limits: MatLimits,
  where: string,
  shape: readonly number[],
): void {
  if (count > limits.maxElements) {
    throw new NtError(
      "LIMIT",
      `${where} has shape ${formatShape(shape)} = ${count} elements, over the limit of ${limits.maxElements}`,
    );
  }
  if (count * itemBytes > limits.maxBytes) {
    throw new NtError(
      "LIMIT",
      `${where} has shape ${formatShape(shape)} = ${count * itemBytes} bytes, over the limit of ${limits.maxBytes}`,
    );
  }
}
