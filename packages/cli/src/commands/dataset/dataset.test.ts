import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeUnless } from "@neurotranslator/vitest-config/prerequisites";
import { numpyFixtureHeader, numpySkipNote, python } from "@neurotranslator/app/testing/python";
import { parseJson, runCli, tempDir } from "../../testing/run-cli.ts";

const noNumpy = numpySkipNote();

// Small Kay-layout archives written by real NumPy: a good one and one broken variant per rule.
const MAKE_FIXTURES = String.raw`
${numpyFixtureHeader(7)}
n, m, v = 30, 6, 50
good = dict(
    stimuli=rng.standard_normal((n, 16, 16)).astype(np.float32),
    stimuli_test=rng.standard_normal((m, 16, 16)).astype(np.float32),
    responses=rng.standard_normal((n, v)),
    responses_test=rng.standard_normal((m, v)),
    roi=rng.integers(1, 8, v).astype(np.int64),
    roi_names=roi_names,
)
np.savez_compressed(f"{out}/good.npz", **good)
np.save(f"{out}/labels.npy", np.array([[f"l{r}_{i}" for i in range(n)] for r in range(4)]))
np.save(f"{out}/labels_val.npy", np.array([[f"t{r}_{i}" for i in range(m)] for r in range(4)]))
def variant(name, **changes):
    d = dict(good); d.update(changes)
    for k in [k for k, val in changes.items() if val is None]: del d[k]
    np.savez(f"{out}/{name}.npz", **d)
variant("missing", responses_test=None)
variant("rows", responses=good["responses"][:-1])
variant("voxels", responses_test=good["responses_test"][:, :-1])
variant("roilen", roi=good["roi"][:-2])
bad_roi = good["roi"].copy(); bad_roi[3] = 9
variant("roicode", roi=bad_roi)
nan = good["responses"].copy(); nan[2, 5] = np.nan; nan[4, 7] = np.inf
variant("nan", responses=nan)
variant("strings", responses=np.array([["x"] * v] * n))
variant("empty", responses=np.zeros((n, 0)), responses_test=np.zeros((m, 0)), roi=np.zeros(0, dtype=np.int64))
`;

const COMPARE = String.raw`
import sys, numpy as np
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
for k in a.files:
    assert k in b.files, f"missing {k}"
    assert a[k].dtype == b[k].dtype, f"{k}: dtype {a[k].dtype} != {b[k].dtype}"
    assert np.array_equal(a[k], b[k]), f"{k}: values differ"
print("same", len(a.files))
`;

describeUnless(noNumpy, "dataset commands on NumPy-written files", () => {
  const dir = tempDir();
  const env = { NEUROTRANSLATOR_STORE: join(dir, "store") };
  beforeAll(() => {
    python(MAKE_FIXTURES, [dir]);
  });

  it("imports, lists, shows, recognises a re-import, exports back exactly and removes", async () => {
    const imported = parseJson<{
      dataset: { name: string; nTrain: number; nVoxels: number; rois: { name: string; nVoxels: number }[] };
      alreadyImported: boolean;
    }>(
      await runCli(
        [
          "dataset",
          "import",
          join(dir, "good.npz"),
          "--name",
          "tiny",
          "--labels",
          join(dir, "labels.npy"),
          "--labels-test",
          join(dir, "labels_val.npy"),
          "--json",
        ],
        env,
      ),
    );
    expect(imported.alreadyImported).toBe(false);
    expect(imported.dataset).toMatchObject({ name: "tiny", nTrain: 30, nVoxels: 50 });
    expect(imported.dataset.rois.reduce((sum, roi) => sum + roi.nVoxels, 0)).toBe(50);

    const again = parseJson<{ alreadyImported: boolean; dataset: { name: string } }>(
      await runCli(
        [
          "dataset",
          "import",
          join(dir, "good.npz"),
          "--name",
          "other",
          "--labels",
          join(dir, "labels.npy"),
          "--labels-test",
          join(dir, "labels_val.npy"),
          "--json",
        ],
        env,
      ),
    );
    expect(again).toMatchObject({ alreadyImported: true, dataset: { name: "tiny" } });

    const list = parseJson<{ datasets: { name: string }[] }>(
      await runCli(["dataset", "list", "--json"], env),
    );
    expect(list.datasets.map((d) => d.name)).toEqual(["tiny"]);
    const shown = await runCli(["dataset", "show", "tiny"], env);
    expect(shown.stdout).toMatch(/tiny: kay, 30 train \+ 6 test images \(16x16\), 50 voxels/);

    const out = join(dir, "export.npz");
    parseJson(await runCli(["dataset", "export", "tiny", "--out", out, "--json"], env));
    expect(python(COMPARE, [join(dir, "good.npz"), out]).trim()).toBe("same 6");
    // The labels come back too, as extra keys.
    expect(
      python(
        "import sys,numpy as np; d=np.load(sys.argv[1]); print(d['labels'][3,2], d['labels_test'].shape)",
        [out],
      ).trim(),
    ).toBe("l3_2 (4, 6)");

    parseJson(await runCli(["dataset", "rm", "tiny", "--json"], env));
    expect(
      parseJson<{ datasets: unknown[] }>(await runCli(["dataset", "list", "--json"], env)).datasets,
    ).toEqual([]);
  });

  const refusals: [string, RegExp][] = [
    ["missing", /missing.npz: missing key "responses_test"; found "stimuli", .*"roi_names"/],
    [
      "rows",
      /rows.npz\["responses"\] has shape \(29, 50\) but rows.npz\["stimuli"\] has shape \(30, 16, 16\)/,
    ],
    [
      "voxels",
      /voxels.npz\["responses"\] has 50 voxels, shape \(30, 50\), but voxels.npz\["responses_test"\] has 49, shape \(6, 49\)/,
    ],
    ["roilen", /roilen.npz\["roi"\] has length 48, shape \(48,\), but the responses have 50 voxels/],
    ["roicode", /roicode.npz\["roi"\]: unknown ROI codes 9 \(1 voxels\); valid codes are 0..7/],
    ["nan", /nan.npz: 2 voxels have NaN or Inf responses \(.*\); use --nan-voxels drop/],
    ["strings", /strings.npz\["responses"\]: expected numbers but found unicode data of shape \(30, 50\)/],
    ["empty", /empty.npz\["responses"\]: array is empty, shape \(30, 0\)/],
  ];
  it.each(refusals)(
    "refuses %s with a precise message, a non-zero exit and an unchanged store",
    async (name, message) => {
      const result = await runCli(["dataset", "import", join(dir, `${name}.npz`), "--name", name], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stdout).toBe("");
      expect(
        parseJson<{ datasets: unknown[] }>(await runCli(["dataset", "list", "--json"], env)).datasets,
      ).toEqual([]);
    },
  );

  it("drops NaN voxels on request and reports them per area", async () => {
    const result = parseJson<{
      nanVoxels: { dropped: number; perRoi: Record<string, number> };
      dataset: { nVoxels: number };
    }>(
      await runCli(
        ["dataset", "import", join(dir, "nan.npz"), "--name", "nanless", "--nan-voxels", "drop", "--json"],
        env,
      ),
    );
    expect(result.nanVoxels.dropped).toBe(2);
    expect(Object.values(result.nanVoxels.perRoi).reduce((a, b) => a + b, 0)).toBe(2);
    expect(result.dataset.nVoxels).toBe(48);
    parseJson(await runCli(["dataset", "rm", "nanless", "--json"], env));
  });

  describe("fetch kay from a mirror", () => {
    let server: Server;
    let base = "";
    beforeAll(async () => {
      const files: Record<string, string> = {
        "/kay_images.npz": "good.npz",
        "/kay_labels.npy": "labels.npy",
        "/kay_labels_val.npy": "labels_val.npy",
      };
      server = createServer((req, res) => {
        const file = files[req.url ?? ""];
        if (!file) return void res.writeHead(404).end();
        res.writeHead(200).end(readFileSync(join(dir, file)));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("downloads the three files and imports them with labels", async () => {
      const to = join(dir, "download");
      const result = parseJson<{ dataset: { name: string; nTest: number } }>(
        await runCli(
          ["dataset", "fetch", "kay", "--to", to, "--base-url", base, "--name", "kay-mirror", "--json"],
          env,
        ),
      );
      expect(result.dataset).toMatchObject({ name: "kay-mirror", nTest: 6 });
      const shown = parseJson<{ dataset: { arrays: string[] } }>(
        await runCli(["dataset", "show", "kay-mirror", "--json"], env),
      );
      expect(shown.dataset.arrays).toEqual(expect.arrayContaining(["labels_train", "labels_test"]));
      parseJson(await runCli(["dataset", "rm", "kay-mirror", "--json"], env));
    });

    it("fails clearly when the mirror does not answer", async () => {
      const result = await runCli(
        ["dataset", "fetch", "kay", "--to", join(dir, "nowhere"), "--base-url", "http://127.0.0.1:1"],
        env,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot download http:\/\/127\.0\.0\.1:1\/kay_images\.npz: .*offline/);
    });
  });
});
