import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeUnless } from "@neurotranslator/vitest-config/prerequisites";
import { noHostileTools } from "../../../testing/hostile-files.ts";
import { readMatFile } from "../read-mat.ts";

// Issue 12, item 11: h5wasm's heap stops at 2 GiB, so a variable between 2 and 4 GiB (the documented
// limit) is read in hyperslabs. A 2.5 GiB single matrix [32768 voxels, 20480 images], written by h5py as
// gzip chunks of 160 images (image i holds i / 160, rounded down), must read back whole. Heavy (about
// 5.5 GB of memory, a minute on 2 cores): runs with NT_RELIABILITY=1.
const MAKE = String.raw`
import sys, zlib, h5py, numpy as np
voxels, images, rows = 32768, 20480, 160
with h5py.File(sys.argv[1], "w", userblock_size=512) as f:
    d = f.create_dataset("dataTrnS1", shape=(images, voxels), dtype="f4", chunks=(rows, voxels), compression="gzip")
    d.attrs["MATLAB_class"] = np.bytes_("single")
    for k in range(images // rows):
        d.id.write_direct_chunk((k * rows, 0), zlib.compress(np.full((rows, voxels), k, dtype="<f4").tobytes(), 1))
with open(sys.argv[1], "r+b") as f:
    f.write(b"MATLAB 7.3 MAT-file".ljust(116)); f.seek(124); f.write(b"\x00\x02IM")
`;

const skipNote =
  process.env.NT_RELIABILITY === "1"
    ? noHostileTools
    : "heavy (5.5 GB, about a minute): NT_RELIABILITY=1 runs it";
describeUnless(skipNote, "a 2.5 GiB MAT v7.3 variable", () => {
  it("reads whole through hyperslabs (h5wasm alone could not hold it)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nt-large-v73-"));
    try {
      const path = join(dir, "large.mat");
      execFileSync("/usr/bin/python3", ["-c", MAKE, path]);
      const mat = await readMatFile(path);
      try {
        expect(mat.info("dataTrnS1")).toEqual({ dtype: "float32", shape: [32768, 20480] });
        const started = Date.now();
        const value = mat.get("dataTrnS1");
        process.stderr.write(`read 2.5 GiB in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        expect(value.shape).toEqual([32768, 20480]);
        const data = value.data as Float32Array;
        expect(data.length).toBe(32768 * 20480);
        for (const [voxel, image] of [
          [0, 0],
          [0, 159],
          [0, 160],
          [32767, 20479],
          [12345, 9999],
          [1, 20000],
        ] as const) {
          expect({ voxel, image, value: data[voxel * 20480 + image] }).toEqual({
            voxel,
            image,
            value: Math.floor(image / 160),
          });
        }
      } finally {
        mat.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
