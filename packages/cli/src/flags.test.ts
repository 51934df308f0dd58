import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { isNtError } from "@neurotranslator/data/errors";
import {
  integerOption,
  numberListOption,
  numberOption,
  parseInteger,
  parseList,
  parseNumber,
} from "./flags.ts";

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("parseInteger", () => {
  it("reads integers within the bounds; an absent flag stays undefined", () => {
    expect(parseInteger("--seed", "0", { min: 0 })).toBe(0);
    expect(parseInteger("--permutations", " 250 ", { min: 0 })).toBe(250);
    expect(parseInteger("--cv", "-3", { min: -5 })).toBe(-3);
    expect(parseInteger("--port", "65535", { min: 0, max: 65535 })).toBe(65535);
    expect(parseInteger("--bootstrap", String(Number.MAX_SAFE_INTEGER), { min: 0 })).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    expect(parseInteger("--n-test", undefined, { min: 3 })).toBeUndefined();
  });

  it("reads what Number() reads, as the run flags always did: 1e3 is 1000", () => {
    expect(parseInteger("--permutations", "1e3", { min: 0 })).toBe(1000);
    expect(parseInteger("--permutations", "2.0", { min: 0 })).toBe(2);
  });

  it("refuses fractions, blanks and words in one line naming the flag and the bound", () => {
    const cases: [string, string][] = [
      ["1.5", '--permutations must be an integer >= 0, got "1.5"'],
      ["", '--permutations must be an integer >= 0, got ""'],
      ["  ", '--permutations must be an integer >= 0, got "  "'],
      ["abc", '--permutations must be an integer >= 0, got "abc"'],
      ["-1", '--permutations must be an integer >= 0, got "-1"'],
    ];
    for (const [value, message] of cases) {
      const error = thrown(() => parseInteger("--permutations", value, { min: 0 }));
      expect(isNtError(error) && error.code, value).toBe("BAD_INPUT");
      expect((error as Error).message, value).toBe(message);
    }
  });

  it("names the whole range when there is a max, and refuses integers past 2^53 - 1", () => {
    expect(() => parseInteger("--batch-size", "0", { min: 1, max: 4096 })).toThrow(
      '--batch-size must be an integer in 1..4096, got "0"',
    );
    expect(() => parseInteger("--batch-size", "4097", { min: 1, max: 4096 })).toThrow(
      '--batch-size must be an integer in 1..4096, got "4097"',
    );
    expect(() => parseInteger("--batch-size", "2.5", { min: 1, max: 4096 })).toThrow(
      /--batch-size must be an integer in 1\.\./,
    );
    // 2^53 + 1 reads back as 2^53: not the integer typed.
    for (const huge of ["9007199254740993", "9007199254740992", "1e30", "Infinity"])
      expect(() => parseInteger("--seed", huge, { min: 0 }), huge).toThrow(
        `--seed must be an integer in 0..9007199254740991, got "${huge}"`,
      );
    expect(() => parseInteger("--seed", "-1e30", { min: 0 })).toThrow(
      '--seed must be an integer >= 0, got "-1e30"',
    );
  });

  it("as a commander option, fails as a usage error with the same message", () => {
    const parse = integerOption("--cv", { min: 2 });
    expect(parse("5")).toBe(5);
    const error = thrown(() => parse("1"));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe('--cv must be an integer >= 2, got "1"');
  });
});

describe("parseNumber", () => {
  it("reads finite numbers and refuses the rest, naming the flag", () => {
    expect(parseNumber("--alpha", "0.5")).toBe(0.5);
    expect(parseNumber("--alpha", "-2e-3")).toBe(-0.002);
    expect(parseNumber("--alpha", undefined)).toBeUndefined();
    for (const bad of ["", " ", "half", "NaN", "Infinity", "1,5"])
      expect(() => parseNumber("--voxel-scale", bad), bad).toThrow(
        `--voxel-scale must be a number, got "${bad}"`,
      );
    expect(() => numberOption("--l1-ratio")("x")).toThrow(InvalidArgumentError);
  });

  it("reads a list of numbers item by item; a blank item is refused", () => {
    expect(numberListOption("--alphas")("0.1,1e2, 3")).toEqual([0.1, 100, 3]);
    expect(() => numberListOption("--alphas")("1,,2")).toThrow('--alphas must be a number, got ""');
  });
});

describe("parseList", () => {
  it("trims items and drops empty ones; with a noun, a list naming nothing is refused", () => {
    expect(parseList("--layers", "conv2d_1, global_pool", "layer")).toEqual(["conv2d_1", "global_pool"]);
    expect(parseList("--cors", "a,,b ,")).toEqual(["a", "b"]);
    expect(parseList("--cors", ",")).toEqual([]);
    expect(parseList("--layers", undefined, "layer")).toBeUndefined();
    expect(() => parseList("--layers", " , ", "layer")).toThrow('--layers " , " names no layer');
  });
});
