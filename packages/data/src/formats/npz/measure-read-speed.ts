/**
 * Measures .npz read speed on a Kay-sized matrix (not a test). Run from packages/data:
 *   npx tsx src/formats/npz/measure-read-speed.ts
 * Writes 1750 x 8428 float64 (118 MB) stored and compressed archives to the temp folder with
 * our writer (and with NumPy when /usr/bin/python3 has it), then times readNpzFile + get.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readNpzFile, writeNpzFile } from "./write-npz.ts";

const dir = mkdtempSync(join(tmpdir(), "npz-speed-"));
try {
  const data = new Float64Array(1750 * 8428).map((_, i) => Math.sin(i) * 3);
  writeNpzFile(join(dir, "ours.npz"), { responses: { dtype: "float64", shape: [1750, 8428], data } });
  writeNpzFile(
    join(dir, "ours_z.npz"),
    { responses: { dtype: "float64", shape: [1750, 8428], data: data.map((v) => Math.round(v * 4) / 4) } },
    { compress: true },
  );
  const files = ["ours.npz", "ours_z.npz"];
  try {
    execFileSync("/usr/bin/python3", [
      "-c",
      `import numpy as np; a=np.sin(np.arange(1750*8428))*3; np.savez("${dir}/numpy.npz", responses=a.reshape(1750, 8428))`,
    ]);
    files.push("numpy.npz");
  } catch {
    console.log("(no python3 numpy: skipping the NumPy-written archive)");
  }
  for (const name of files) {
    for (let run = 0; run < 3; run += 1) {
      const t0 = performance.now();
      const archive = readNpzFile(join(dir, name));
      const t1 = performance.now();
      const arr = archive.get("responses");
      const t2 = performance.now();
      console.log(
        `${name}: read file ${(t1 - t0).toFixed(0)} ms, get ${(t2 - t1).toFixed(0)} ms, shape ${arr.shape.join("x")}`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
