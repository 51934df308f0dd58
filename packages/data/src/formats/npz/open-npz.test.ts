import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PYTHON, pythonPrerequisite } from "@neurotranslator/vitest-config/prerequisites";
import { NtError } from "@neurotranslator/schema";
import { dataHex, fixtureBytes, loadManifest, NPY_FIXTURE_DIR } from "../npy/fixtures.ts";
import { openNpz, readNpzFile, writeNpz, writeNpzFile } from "./index.ts";
import { readNpy } from "../npy/read-npy.ts";
import { crc32, crc32Js } from "./crc32.ts";

const manifest = loadManifest();
const noNumpy = pythonPrerequisite(["numpy"]);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof NtError ? error.code : `untyped: ${String(error)}`;
  }
  return "no error";
}

describe("crc32", () => {
  it("matches the standard check value and the JS fallback", () => {
    const check = new TextEncoder().encode("123456789");
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32Js(check)).toBe(0xcbf43926);
    const bytes = fixtureBytes("savez.npz");
    expect(crc32Js(bytes)).toBe(crc32(bytes));
    expect(crc32Js(bytes.subarray(7), crc32Js(bytes.subarray(0, 7)))).toBe(crc32(bytes));
  });
});

describe("openNpz on NumPy-written archives", () => {
  it.each(["savez.npz", "savez_compressed.npz", "plain_names.npz"])("%s", (name) => {
    const expected = manifest.files[name]!;
    const archive = openNpz(fixtureBytes(name), { source: name });
    for (const [key, want] of Object.entries(expected.entries!)) {
      expect(archive.has(key)).toBe(true);
      const arr = archive.get(key);
      expect(arr.dtype).toBe(want.dtype);
      expect(arr.shape).toEqual(want.shape);
      if (want.strings) expect(arr.data).toEqual(want.strings);
      else expect(dataHex(arr.data as Float64Array)).toBe(want.hex);
    }
    if (expected.order) expect(archive.keys).toEqual(expected.order);
    for (const key of expected.notArray ?? []) expect(() => archive.get(key)).toThrow(/is not a \.npy array/);
    expect(codeOf(() => archive.get("missing"))).toBe("NOT_FOUND");
  });

  it("accepts member names with the .npy suffix too", () => {
    expect(openNpz(fixtureBytes("savez.npz")).get("roi.npy").shape).toEqual([4]);
  });

  it("detects corruption by CRC and refuses oversize claims before inflating", () => {
    const bytes = fixtureBytes("savez.npz").slice();
    const at = bytes.length - 200;
    bytes[at] = (bytes[at] as number) ^ 0xff;
    const archive = openNpz(bytes, { source: "x.npz" });
    const codes = archive.keys.map((k) => codeOf(() => archive.get(k)));
    expect(codes).toContain("FORMAT");
    // Patch the central directory's uncompressed size of "responses.npy" to 2 GB.
    const patched = fixtureBytes("savez_compressed.npz").slice();
    const text = Buffer.from(patched).toString("latin1");
    const entry = text.indexOf("responses.npy", text.indexOf("PK\x01\x02")) - 46;
    new DataView(patched.buffer).setUint32(entry + 24, 2 ** 31, true);
    const archive2 = openNpz(patched, { source: "bomb.npz", limits: { maxBytes: 1e6 } });
    expect(() => archive2.get("responses")).toThrow(
      'bomb.npz["responses"]: entry claims 2.15 GB uncompressed, above the limit of 1.00 MB',
    );
  });
});

describe("writeNpz", () => {
  const arrays = () => {
    const archive = openNpz(fixtureBytes("savez.npz"));
    return Object.fromEntries(archive.keys.map((k) => [k, archive.get(k)]));
  };

  it("writes np.savez's bytes exactly for stored archives", () => {
    expect(dataHex(writeNpz(arrays()))).toBe(dataHex(fixtureBytes("savez.npz")));
  });

  it.each([{ compress: true }, { zip64: "always" as const }, { compress: true, zip64: "always" as const }])(
    "round-trips %o",
    (options) => {
      const original = arrays();
      const back = openNpz(writeNpz(original, options));
      expect(back.keys).toEqual(Object.keys(original));
      for (const [key, arr] of Object.entries(original)) {
        const data = back.get(key).data;
        expect(Array.isArray(data) ? data : dataHex(data)).toEqual(
          Array.isArray(arr.data) ? arr.data : dataHex(arr.data),
        );
      }
    },
  );

  it("writes archives that np.load reads back equal (python via child_process)", (ctx) => {
    if (noNumpy !== undefined) ctx.skip(noNumpy);
    const dir = mkdtempSync(join(tmpdir(), "npz-"));
    try {
      // Every readable .npy fixture: readNpy -> writeNpzFile -> np.load, compared with np.load of the fixture.
      const names = readdirSync(NPY_FIXTURE_DIR).filter(
        (n) => n.endsWith(".npy") && !manifest.files[n]?.error,
      );
      const entries = Object.fromEntries(
        names.map((n) => [n.replace(/\.npy$/, ""), readNpy(fixtureBytes(n), { source: n })]),
      );
      writeNpzFile(join(dir, "ours.npz"), entries, { compress: true });
      writeNpzFile(join(dir, "ours64.npz"), entries, { zip64: "always" });
      expect(readdirSync(dir).sort()).toEqual(["ours.npz", "ours64.npz"]);
      const script = `
import numpy as np, os, sys
d, fx = sys.argv[1], sys.argv[2]
for archive in ["ours.npz", "ours64.npz"]:
    z = np.load(os.path.join(d, archive))
    assert sorted(z.files) == sorted(n[:-4] for n in os.listdir(fx) if n.endswith(".npy") and n[:-4] in z.files)
    for k in z.files:
        want = np.load(os.path.join(fx, k + ".npy"))
        got = z[k]
        assert got.shape == want.shape, (k, got.shape, want.shape)
        if want.dtype.kind == "S":
            want = np.char.decode(want, "latin1")
        else:
            assert got.dtype == want.dtype.newbyteorder("<") or got.dtype == want.dtype, (k, got.dtype, want.dtype)
        assert np.array_equal(got, want, equal_nan=want.dtype.kind == "f"), k
print("ok", len(z.files))
`;
      const out = execFileSync(PYTHON, ["-c", script, dir, NPY_FIXTURE_DIR], { encoding: "utf8" });
      expect(out.trim()).toBe(`ok ${names.length}`);
      expect(readNpzFile(join(dir, "ours.npz")).keys.length).toBe(names.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
