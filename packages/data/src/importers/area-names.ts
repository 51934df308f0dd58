import { NtError } from "@neurotranslator/schema";
import { hasControlChars, quoteForMessage } from "@neurotranslator/schema";

/** Longest area name stored (the API's area filters take up to 64 characters). */
const MAX_AREA_NAME = 64;

/**
 * Refuses area names that would be stored and later printed or sent as they are: control
 * characters (ESC sequences, newlines, bidi overrides), empty or over-long names, duplicates.
 * `what` names the array, e.g. `kay.npz["roi_names"]`. Returns the names unchanged.
 */
export function checkAreaNames(names: string[], what: string): string[] {
  const seen = new Set<string>();
  names.forEach((name, code) => {
    const bad = hasControlChars(name)
      ? "holds control characters"
      : name.trim() === ""
        ? "is empty"
        : name.length > MAX_AREA_NAME
          ? `is longer than ${MAX_AREA_NAME} characters`
          : seen.has(name)
            ? "repeats an earlier name"
            : undefined;
    if (bad !== undefined)
      throw new NtError("BAD_INPUT", `${what}: area name ${code} ${quoteForMessage(name)} ${bad}`);
    seen.add(name);
  });
  return names;
}
