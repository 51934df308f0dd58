import { NtError } from "@neurotranslator/schema";

// The flag checks of the former `neurotranslator fuzz` (the CLI's parseInteger and parseNumber
// messages); runFuzz checks the ranges that depend on each other.

/** `value` as a finite number, or NtError BAD_INPUT naming the flag. */
export function numberFlag(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n))
    throw new NtError("BAD_INPUT", `${flag} must be a number, got "${value}"`);
  return n;
}

/** `value` as a safe integer >= min, or NtError BAD_INPUT naming the flag and the bound. */
export function integerFlag(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n) || n < min)
    throw new NtError("BAD_INPUT", `${flag} must be an integer >= ${min}, got "${value}"`);
  return n;
}
