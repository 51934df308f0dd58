import { InvalidArgumentError } from "commander";
import { NtError, isNtError } from "@neurotranslator/data/errors";

/** Where an integer flag may lie: from `min`, up to `max` when given (else any exact integer). */
export interface IntegerBounds {
  min: number;
  max?: number;
}

/**
 * `value` as a number (what Number() reads: 12, 0.5, 1e3, -2); NtError BAD_INPUT
 * `<flag> must be a number, got "<value>"` when it is blank or not finite. Undefined stays undefined.
 */
export function parseNumber(flag: string, value: string): number;
export function parseNumber(flag: string, value: string | undefined): number | undefined;
export function parseNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n))
    throw new NtError("BAD_INPUT", `${flag} must be a number, got "${value}"`);
  return n;
}

/** A comma-separated list of numbers, each read by `parseNumber` (so a blank item is refused: "1,,2"). */
export function parseNumbers(flag: string, value: string): number[] {
  return value.split(",").map((item) => parseNumber(flag, item));
}

/**
 * `value` as an integer within `bounds`; NtError BAD_INPUT naming the flag and the bound otherwise:
 * `<flag> must be an integer >= <min>, got "<value>"`, or `in <min>..<max>` when there is a max.
 * A value past Number.MAX_SAFE_INTEGER is refused (it would not be the integer typed).
 */
export function parseInteger(flag: string, value: string, bounds: IntegerBounds): number;
export function parseInteger(
  flag: string,
  value: string | undefined,
  bounds: IntegerBounds,
): number | undefined;
export function parseInteger(
  flag: string,
  value: string | undefined,
  bounds: IntegerBounds,
): number | undefined {
  if (value === undefined) return undefined;
  const { min, max } = bounds;
  const n = Number(value);
  const unsafe = Math.abs(n) > Number.MAX_SAFE_INTEGER;
  const range =
    max !== undefined
      ? `in ${min}..${max}`
      : unsafe && n > 0
        ? `in ${min}..${Number.MAX_SAFE_INTEGER}`
        : `>= ${min}`;
  if (value.trim() === "" || !Number.isInteger(n) || unsafe || n < min || (max !== undefined && n > max))
    throw new NtError("BAD_INPUT", `${flag} must be an integer ${range}, got "${value}"`);
  return n;
}

/**
 * A comma-separated list: items trimmed, empty ones dropped ("a, b,,c" -> ["a", "b", "c"]). With
 * `noun`, a list naming nothing is NtError BAD_INPUT `<flag> "<value>" names no <noun>`.
 */
export function parseList(flag: string, value: string, noun?: string): string[];
export function parseList(flag: string, value: string | undefined, noun?: string): string[] | undefined;
export function parseList(flag: string, value: string | undefined, noun?: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0 && noun !== undefined)
    throw new NtError("BAD_INPUT", `${flag} "${value}" names no ${noun}`);
  return items;
}

/**
 * A parser above as a commander option's argument parser: a bad value is a usage error (exit 2),
 * commander's line "option '<flag>' argument '<value>' is invalid." followed by the parser's message.
 */
export function asOption<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      if (isNtError(error)) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

/** `parseInteger` for a commander option. */
export const integerOption = (flag: string, bounds: IntegerBounds) =>
  asOption((value) => parseInteger(flag, value, bounds));

/** `parseNumber` for a commander option. */
export const numberOption = (flag: string) => asOption((value) => parseNumber(flag, value));

/** `parseNumbers` for a commander option. */
export const numberListOption = (flag: string) => asOption((value) => parseNumbers(flag, value));
