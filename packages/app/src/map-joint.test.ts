import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { usePlantedStore } from "./testing/planted.ts";
import { tempDir } from "@neurotranslator/data/testing";
import { executeMap, planMap } from "./map.ts";
import { exportRun } from "./run-export.ts";

describe("map --joint on planted data (V1 <- early, V2 <- late; independent layers)", () => {
  const planted = usePlantedStore();

  it("stores the partition with the map run: unique variance from the planted layer only, per-voxel array, tidy CSV", async () => {
    const plan = await planMap(planted.store, {
      dataset: "planted",
      features: "planted",
      solver: "ridge-cv",
      permutations: 100,
      bootstrap: 100,
      joint: { weights: "voxel", samples: 8 },
    });
    const { run, partition } = await executeMap(planted.store, plan);
    expect(partition!.layers).toEqual(["early", "late"]);
    expect(partition!.areas.map((a) => [a.roi, a.uniqueLayers])).toEqual([
      ["V1", ["early"]],
      ["V2", ["late"]],
    ]);
    const [v1, v2] = partition!.areas;
    // Independent layers: little shared (80 training, 24 test images), the other layer's unique share about 0 (reported as is, possibly negative).
    expect(Math.abs(v1!.sharedTotal.value)).toBeLessThan(0.15);
    expect(Math.abs(v1!.layers[1]!.unique.value)).toBeLessThan(0.02);
    expect(v2!.layers[1]!.unique.value).toBeGreaterThan(0.3);
    expect(v1!.joint.pAdjusted).toBeLessThan(0.05);

    const cells = await planted.store.runs.mapCells(run.id);
    expect(cells[0]!.metric["partition"]).toMatchObject({
      layer: "early",
      unique: { value: v1!.layers[0]!.unique.value },
      joint: { value: v1!.joint.value },
      uniqueLayers: ["early"],
    });
    expect(run.metrics.partitionRows).toEqual([
      "joint",
      "alpha",
      "unique:early",
      "shared:early",
      "alone:early",
      "weight:early",
      "unique:late",
      "shared:late",
      "alone:late",
      "weight:late",
    ]);
    const array = await planted.store.runs.array(run.id, "partition");
    expect(array.shape).toEqual([10, 2 * 60]);

    const out = join(tempDir("nt-partition-"), "p.csv");
    const written = await exportRun(planted.store, run.id, out, { table: "partition" });
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("area,layer,voxel,quantity,value,ci_low,ci_high,p,p_adjusted");
    // per area: joint, shared_total, and per layer unique/shared/alone/band_weight; then 10 rows per voxel
    expect(written.rows).toBe(2 * (2 + 2 * 4) + 120 * 10);
    expect(lines.find((l) => l.startsWith("V1,early,,unique,"))).toContain(
      String(v1!.layers[0]!.unique.value),
    );
    await expect(
      exportRun(planted.store, run.id, join(tempDir("nt-partition-"), "p.npz"), { table: "partition" }),
    ).rejects.toThrow(/--table partition writes CSV/);
  });

  it("refuses --table partition for a map stored without --joint", async () => {
    const { run } = await executeMap(
      planted.store,
      await planMap(planted.store, {
        dataset: "planted",
        features: "planted",
        solver: "ridge-cv",
        permutations: 10,
        bootstrap: 10,
      }),
    );
    await expect(
      exportRun(planted.store, run.id, join(tempDir("nt-partition-"), "p.csv"), { table: "partition" }),
    ).rejects.toThrow(/has no variance partition \(`neurotranslator map --joint` makes one\)/);
  });
});
