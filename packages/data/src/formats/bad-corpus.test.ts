import { readFileSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { readKayNpz } from "../importers/kay-npz.ts";
import { readMat } from "./mat/index.ts";
import { readNpy } from "./npy/index.ts";

// The known-bad corpus (test/fixtures/bad, made by make-bad-corpus.py): each file must be refused with
// exactly the NtError code and message listed in its manifest, the words users see.
const DIR = fileURLToPath(new URL("../../test/fixtures/bad/", import.meta.url));

interface BadCase {
  file: string;
  reader: "kay" | "npy" | "mat";
  code: string;
  what: string;
  message: string;
}

const manifest = JSON.parse(readFileSync(`${DIR}manifest.json`, "utf8")) as { cases: BadCase[] };

async function read(entry: BadCase): Promise<void> {
  const path = `${DIR}${entry.file}`;
  if (entry.reader === "kay") {
    await readKayNpz(path);
  } else if (entry.reader === "npy") {
    readNpy(readFileSync(path), { source: entry.file });
  } else {
    const mat = await readMat(readFileSync(path), { source: entry.file });
    try {
      for (const name of mat.names) mat.get(name);
    } finally {
      mat.close();
    }
  }
}

describe("known-bad corpus", () => {
  it("lists every file of the folder, and the folder stays small", () => {
    const files = readdirSync(DIR).filter((f) => !["manifest.json", "make-bad-corpus.py"].includes(f));
    expect(manifest.cases.map((c) => c.file).sort()).toEqual(files.sort());
    const total = readdirSync(DIR).reduce((sum, f) => sum + statSync(`${DIR}${f}`).size, 0);
    expect(total).toBeLessThan(200 * 1024);
  });

  it.each(manifest.cases.map((c) => [c.file, c] as const))(
    "%s is refused with its exact message",
    async (_file, entry) => {
      const error = await read(entry).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `${entry.file} (${entry.what}) was accepted`).toBeInstanceOf(NtError);
      expect((error as NtError).code).toBe(entry.code);
      expect((error as NtError).message).toMatch(new RegExp(entry.message));
    },
  );
});
