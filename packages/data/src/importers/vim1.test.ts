import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeUnless, PYTHON, pythonPrerequisite } from "@neurotranslator/vitest-config/prerequisites";
import { openStore } from "../store/store.ts";
import { importBundle } from "./save.ts";
import { readVim1 } from "./vim1.ts";

const noH5py = pythonPrerequisite(["h5py", "numpy"]);

// A tiny vim-1 look-alike written like MATLAB v7.3 (HDF5 with a 512-byte user block, MATLAB_class
// attributes, dimensions stored reversed): 10 voxels x 6 train / 2 test images, 4x4 stimuli.
const MAKE = String.raw`
import sys, h5py, numpy as np
out = sys.argv[1]
def mat(path, variables):
    with h5py.File(path, "w", userblock_size=512) as f:
        for name, (value, cls) in variables.items():
            d = f.create_dataset(name, data=np.asarray(value).T)  # MATLAB column-major: stored transposed
            d.attrs["MATLAB_class"] = np.bytes_(cls)
    with open(path, "r+b") as f:
        f.write(b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Thu Jan  1 00:00:00 2015 HDF5 schema 1.00 .".ljust(116))
        f.seek(124); f.write(b"\x00\x02IM")
v = 10
train = np.arange(v * 6, dtype=np.float32).reshape(v, 6)
val = -np.arange(v * 2, dtype=np.float32).reshape(v, 2)
train[3, 2] = np.nan   # voxel 3 (V2) has a NaN: dropped
val[7, 1] = np.inf     # voxel 7 (V4) has an Inf: dropped
roi = np.array([[1, 2, 0, 2, 3, 4, 5, 6, 7, 0]], dtype=np.float64).T  # two voxels outside the areas
mat(f"{out}/EstimatedResponses.mat", {"dataTrnS1": (train, "single"), "dataValS1": (val, "single"), "roiS1": (roi, "double")})
stim_trn = np.arange(6 * 16, dtype=np.float32).reshape(6, 4, 4) / 100
stim_val = np.arange(2 * 16, dtype=np.float32).reshape(2, 4, 4) / 100
mat(f"{out}/Stimuli.mat", {"stimTrn": (stim_trn, "single"), "stimVal": (stim_val, "single")})
`;

describeUnless(noH5py, "readVim1 on MATLAB v7.3 look-alikes written by h5py", () => {
  const dir = mkdtempSync(join(tmpdir(), "nt-vim1-"));
  execFileSync(PYTHON, ["-c", MAKE, dir]);
  const files = { responses: join(dir, "EstimatedResponses.mat"), stimuli: join(dir, "Stimuli.mat") };

  it("transposes responses to [images, voxels], keeps named areas and drops NaN/Inf voxels with a report", async () => {
    const bundle = await readVim1({ ...files, subject: 1 });
    // Kept voxels: 0 (V1), 1 (V2), 4 (V3), 5 (V3A), 6 (V3B), 8 (LatOcc); 2 and 9 are outside the areas, 3 and 7 are not finite.
    expect(bundle.responsesTrain.shape).toEqual([6, 6]);
    expect(bundle.responsesTest.shape).toEqual([2, 6]);
    // roiS1 is MATLAB double (as CRCNS writes it): integral codes become int32 for the store.
    expect(bundle.roi.dtype).toBe("int32");
    expect(Array.from(bundle.roi.data as Int32Array)).toEqual([1, 2, 3, 4, 5, 7]);
    const train = bundle.responsesTrain.data as Float32Array;
    // MATLAB dataTrnS1(voxel, image) = voxel * 6 + image; ours is [image, voxel].
    expect(train[0 * 6 + 2]).toBe(4 * 6 + 0);
    expect(train[5 * 6 + 5]).toBe(8 * 6 + 5);
    expect((bundle.responsesTest.data as Float32Array)[1 * 6 + 1]).toBe(-(1 * 2 + 1));
    expect(bundle.nanReport).toEqual({ policy: "drop", dropped: 2, perRoi: { V2: 1, V4: 1 } });
    expect(bundle.meta).toEqual({ voxelsOutsideAreas: 2 });
    expect(bundle.stimuliTrain.shape).toEqual([6, 4, 4]);
    expect((bundle.stimuliTrain.data as Float32Array)[1 * 16 + 2 * 4 + 3]).toBeCloseTo((16 + 11) / 100, 6);
  });

  it("stores the bundle (roiS1 of class double included) and reads the areas back", async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "nt-vim1-store-"));
    const store = await openStore({ dir: storeDir });
    try {
      const { dataset } = await importBundle(store, "vim1-s1", await readVim1({ ...files, subject: 1 }));
      expect(dataset).toMatchObject({ kind: "vim1", nTrain: 6, nTest: 2, nVoxels: 6 });
      const roi = await store.datasets.array(dataset.id, "roi");
      expect(roi.dtype).toBe("int32");
      const areas = (await store.datasets.rois(dataset.id)).filter((r) => r.nVoxels > 0).map((r) => r.name);
      expect(areas).toEqual(["V1", "V2", "V3", "V3A", "V3B", "LatOcc"]);
    } finally {
      await store.close();
      rmSync(storeDir, { recursive: true, force: true });
    }
  });

  it("refuses a non-integral roiS1 naming the value", async () => {
    const bad = mkdtempSync(join(tmpdir(), "nt-vim1-bad-"));
    execFileSync(PYTHON, [
      "-c",
      MAKE.replace("[[1, 2, 0, 2, 3, 4, 5, 6, 7, 0]]", "[[1, 2.5, 0, 2, 3, 4, 5, 6, 7, 0]]"),
      bad,
    ]);
    await expect(
      readVim1({
        responses: join(bad, "EstimatedResponses.mat"),
        stimuli: join(bad, "Stimuli.mat"),
        subject: 1,
      }),
    ).rejects.toThrow(/roiS1"\]: unknown ROI codes 2\.5 \(1 voxels\)/);
  });

  it("refuses NaN voxels under --nan-voxels error, naming the count per area", async () => {
    await expect(readVim1({ ...files, subject: 1, nanVoxels: "error" })).rejects.toThrow(
      /EstimatedResponses.mat: 2 voxels have NaN or Inf responses \(V2 1, V4 1\)/,
    );
  });

  it("names the missing variable for a subject the file does not hold", async () => {
    await expect(readVim1({ ...files, subject: 2 })).rejects.toThrow(
      /EstimatedResponses.mat: missing variable "dataTrnS2" for subject 2; found "dataTrnS1", "dataValS1", "roiS1"/,
    );
  });
});
