import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeUnless } from "@neurotranslator/vitest-config/prerequisites";
import { importBundle, openStore, readKayNpz, type Store } from "@neurotranslator/data";
import { writeNpzFile } from "@neurotranslator/data/formats";
import { numpyFixtureHeader, numpySkipNote, python } from "./testing/python.ts";
import { tempDir } from "@neurotranslator/data/testing";
import {
  exportFeatureSet,
  getFeatureSet,
  importFeatureSet,
  listFeatureSets,
  removeFeatureSet,
} from "./feature-sets.ts";

const noNumpy = numpySkipNote();

// A 12 + 4 image Kay-layout dataset and feature archives, all written by real NumPy.
const MAKE = String.raw`
${numpyFixtureHeader(11)}
n, m, v = 12, 4, 9
np.savez(f"{out}/kay.npz", stimuli=rng.standard_normal((n, 8, 8)).astype(np.float32), stimuli_test=rng.standard_normal((m, 8, 8)).astype(np.float32),
         responses=rng.standard_normal((n, v)), responses_test=rng.standard_normal((m, v)), roi=np.arange(v) % 7 + 1,
         roi_names=roi_names)
good = dict(pool_train=rng.standard_normal((n, 5)), pool_test=rng.standard_normal((m, 5)),
            conv_train=rng.integers(-9, 9, (n, 3)).astype(np.int32), conv_test=rng.integers(-9, 9, (m, 3)).astype(np.int32))
np.savez(f"{out}/feats.npz", **good)
nan = good["pool_train"].copy(); nan[2, 3] = np.nan; nan[5, 1] = np.inf
np.savez(f"{out}/bad.npz", rows_train=good["pool_train"][:-1], dims_test=good["pool_test"][:, :4], nan_train=nan,
         text_train=np.array([["x"] * 5] * n), flat_train=good["pool_train"][:, 0], **good)
`;

const COMPARE = String.raw`
import sys, numpy as np
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
for k in a.files:
    assert k in b.files, f"missing {k}"
    assert b[k].shape == a[k].shape, f"{k}: shape {b[k].shape} != {a[k].shape}"
    assert np.array_equal(a[k].astype(np.float64), b[k]), f"{k}: values differ"
print(sorted(b.files), b["conv_train"].dtype, b["pool_test"].dtype)
`;

describeUnless(noNumpy, "feature sets from and to NumPy files", () => {
  const dir = tempDir("nt-featfiles-");
  let store: Store;
  beforeAll(async () => {
    python(MAKE, [dir]);
    store = await openStore({ dir: join(dir, "store") });
    await importBundle(store, "tiny", await readKayNpz(join(dir, "kay.npz")));
  });
  afterAll(() => store.close());

  it("imports named key pairs, recognises a re-import and exports them back exactly", async () => {
    const pairs = [
      { layer: "pool", trainKey: "pool_train", testKey: "pool_test" },
      { layer: "conv", trainKey: "conv_train", testKey: "conv_test" },
    ];
    const out = await importFeatureSet(store, {
      file: join(dir, "feats.npz"),
      dataset: "tiny",
      name: "numpy",
      pairs,
    });
    expect(out.cached).toBe(false);
    expect(out.layers.map((l) => [l.layer, l.dim])).toEqual([
      ["pool", 5],
      ["conv", 3],
    ]);
    expect(out.featureSet.model).toMatchObject({ id: "imported", source: join(dir, "feats.npz") });
    const again = await importFeatureSet(store, {
      file: join(dir, "feats.npz"),
      dataset: "tiny",
      name: "other",
      pairs,
    });
    expect(again).toMatchObject({ cached: true, featureSet: { name: "numpy" } });

    const file = join(dir, "export.npz");
    writeNpzFile(file, await exportFeatureSet(store, "tiny", "numpy"));
    expect(python(COMPARE, [join(dir, "feats.npz"), file]).trim()).toBe(
      "['conv_test', 'conv_train', 'pool_test', 'pool_train'] float64 float64",
    );
  });

  it("takes every <layer>_train / <layer>_test pair with --layers-from-keys (the layout export writes)", async () => {
    // Same file, same key pairs as the explicit import above: the same cache key.
    const same = await importFeatureSet(store, {
      file: join(dir, "feats.npz"),
      dataset: "tiny",
      name: "bykeys",
      layersFromKeys: true,
    });
    expect(same).toMatchObject({ cached: true, featureSet: { name: "numpy" } });
    const file = join(dir, "exported.npz");
    writeNpzFile(file, await exportFeatureSet(store, "tiny", "numpy"));
    const out = await importFeatureSet(store, {
      file,
      dataset: "tiny",
      name: "bykeys",
      layersFromKeys: true,
    });
    expect(out.cached).toBe(false);
    expect(out.featureSet.layers).toEqual(["pool", "conv"]);
    expect((await listFeatureSets(store, "tiny")).map((e) => e.featureSet.name)).toEqual(["bykeys", "numpy"]);
    expect((await getFeatureSet(store, "tiny", "bykeys")).layers.map((l) => l.dim)).toEqual([5, 3]);
    await removeFeatureSet(store, "tiny", "bykeys");
    await expect(getFeatureSet(store, "tiny", "bykeys")).rejects.toThrow(
      /dataset "tiny" has no feature set "bykeys"; it has numpy/,
    );
  });

  const refusals: [string, [string, string], RegExp][] = [
    [
      "rows",
      ["rows_train", "pool_test"],
      /bad.npz\["rows_train"\] has shape \(11, 5\) but dataset "tiny" has 12 training images/,
    ],
    [
      "dims",
      ["pool_train", "dims_test"],
      /bad.npz\["pool_train"\] has 5 features, shape \(12, 5\), but bad.npz\["dims_test"\] has 4, shape \(4, 4\)/,
    ],
    [
      "nan",
      ["nan_train", "pool_test"],
      /bad.npz\["nan_train"\]: 2 non-finite values \(first NaN at \[2, 3\]\)/,
    ],
    [
      "text",
      ["text_train", "pool_test"],
      /bad.npz\["text_train"\]: expected numbers but found unicode data of shape \(12, 5\)/,
    ],
    [
      "flat",
      ["flat_train", "pool_test"],
      /bad.npz\["flat_train"\]: expected a 2-D matrix \[images, features\] but got shape \(12,\)/,
    ],
    [
      "key",
      ["pool_train", "missing_test"],
      /bad.npz: no key "missing_test"; found "rows_train", .*"conv_test"/,
    ],
  ];
  it.each(refusals)(
    "refuses %s with a message naming file, key and shapes, storing nothing",
    async (_name, [trainKey, testKey], message) => {
      const before = (await listFeatureSets(store)).length;
      await expect(
        importFeatureSet(store, {
          file: join(dir, "bad.npz"),
          dataset: "tiny",
          name: "bad",
          pairs: [{ layer: "x", trainKey, testKey }],
        }),
      ).rejects.toThrow(message);
      expect((await listFeatureSets(store)).length).toBe(before);
    },
  );

  it("refuses a missing file and an archive without layer pairs", async () => {
    await expect(
      importFeatureSet(store, {
        file: join(dir, "none.npz"),
        dataset: "tiny",
        name: "n",
        layersFromKeys: true,
      }),
    ).rejects.toThrow(/none.npz: cannot read the feature file/);
    await expect(
      importFeatureSet(store, {
        file: join(dir, "kay.npz"),
        dataset: "tiny",
        name: "n",
        layersFromKeys: true,
      }),
    ).rejects.toThrow(
      /kay.npz: --layers-from-keys found no <layer>_train \/ <layer>_test key pairs; keys are "stimuli"/,
    );
  });
});
