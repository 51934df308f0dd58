import { describe, expect, it } from "vitest";
import { mapInference } from "@neurotranslator/data";
import type { ProgressEvent } from "@neurotranslator/schema";
import { usePlantedStore } from "./testing/planted.ts";
import { executeMap, planMap } from "./map.ts";
import { executeSweep, parseSweepConfig, planSweep } from "./sweep.ts";

describe("map and sweep services on planted data (V1 <- early, V2 <- late)", () => {
  const planted = usePlantedStore();

  it("the map recovers each area's planted layer in both directions (best from encoding) and is stored as one run with its cells", async () => {
    const plan = await planMap(planted.store, {
      dataset: "planted",
      features: "planted",
      solver: "ridge-cv",
      permutations: 50,
      bootstrap: 50,
    });
    const events: ProgressEvent[] = [];
    const { run, map } = await executeMap(planted.store, plan, { onProgress: (e) => events.push(e) });
    // Shares of the whole map (done of 1): the cells to 0.8, then the reference run.
    for (const e of events) {
      expect(e.total).toBe(1);
      expect(e.done).toBeGreaterThanOrEqual(e.stage.startsWith("reference run: ") ? 0.8 : 0);
      expect(e.done).toBeLessThanOrEqual(e.stage.startsWith("reference run: ") ? 1 : 0.8);
    }
    expect(events.some((e) => e.stage.startsWith("reference run: ridge-cv"))).toBe(true);
    expect(map.primary).toBe("encoding");
    expect(map.bestLayerPerArea).toEqual({ V1: "early", V2: "late" });
    expect(map.directions.decoding!.bestLayerPerArea).toEqual({ V1: "early", V2: "late" });
    for (const t of [map.table, map.directions.decoding!.table]) {
      expect(t).toMatchObject({ rows: ["V1", "V2"], columns: ["early", "late"] });
      // Planted cells are significant; the others are near zero.
      expect(t.p[0]![0]).toBeLessThan(0.05);
      expect(t.p[1]![1]).toBeLessThan(0.05);
      expect(t.value[0]![1]).toBeLessThan(0.3);
      expect(t.value[1]![0]).toBeLessThan(0.3);
    }
    expect(map.table.metric).toBe("encodingR");
    expect(map.cells).toHaveLength(8);
    const cells = await planted.store.runs.mapCells(run.id);
    expect(cells.map((c) => `${c.roi}/${c.layer}`)).toEqual(["V1/early", "V1/late", "V2/early", "V2/late"]);
    expect(cells[0]!.metric).toMatchObject({
      summaryMetric: "encodingR",
      direction: "encoding",
      value: map.table.value[0]![0],
      encodingR: { value: map.table.value[0]![0] },
      featureR: { value: map.directions.decoding!.table.value[0]![0] },
    });
    // Corrected p on every stored cell (FWE over the map), the claims read back from the cells.
    for (const [k, c] of cells.entries())
      expect(c.metric["pAdjusted"]).toBe(map.table.pAdjusted[k >> 1]![k % 2]);
    expect(map.table.pAdjusted[0]![0]).toBeLessThan(0.05);
    expect(mapInference(cells)).toEqual({
      corrections: {
        encoding: map.directions.encoding!.correction,
        decoding: map.directions.decoding!.correction,
      },
      bestLayer: { encoding: map.bestLayer, decoding: map.directions.decoding!.bestLayer },
    });
    expect(run.layer).toBe("late");
    await expect(
      planMap(planted.store, { dataset: "planted", features: "planted", layers: ["early", "mid"] }),
    ).rejects.toThrow(/no layer "mid"; its layers: early, late/);
  });

  it("names the offending field of a bad sweep config", () => {
    expect(() =>
      parseSweepConfig({ dataset: "planted", features: "planted", seeds: [-1] }, "s.yaml"),
    ).toThrow(/s.yaml: field "seeds.0"/);
    expect(() => parseSweepConfig({ dataset: "planted", features: "planted", colour: 1 }, "s.yaml")).toThrow(
      /s.yaml: field "\(root\)": Unrecognized key: "colour"/,
    );
    expect(() => parseSweepConfig({ features: "planted" }, "s.yaml")).toThrow(
      /field "dataset": give exactly one of dataset or datasets/,
    );
  });

  it("skips finished grid points and resumes after a crash, storing each point once", async () => {
    const config = parseSweepConfig(
      {
        dataset: "planted",
        features: "planted",
        solvers: ["ridge-cv", { name: "ridge", options: { alpha: 5 } }],
        rois: ["each"],
        layers: ["late"],
        seeds: [0],
        permutations: 20,
        bootstrap: 20,
      },
      "test sweep",
    );
    const points = await planSweep(planted.store, config);
    expect(points).toHaveLength(4);
    const before = (await planted.store.runs.list()).length;
    // Crash after the second point is stored.
    await expect(
      executeSweep(planted.store, points, {
        onPoint: (i) => {
          if (i === 1) throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    expect(await planted.store.runs.list()).toHaveLength(before + 2);
    const events: ProgressEvent[] = [];
    const resumed = await executeSweep(planted.store, await planSweep(planted.store, config), {
      onProgress: (e) => events.push(e),
    });
    expect(resumed).toMatchObject({ ran: 2, skipped: 2 });
    // Point i of 4 reports within [i/4, (i + 1)/4] of the whole sweep, its stage prefixed.
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      const i = Number(/^point (\d)\/4: /.exec(e.stage)?.[1]) - 1;
      expect(e.total).toBe(1);
      expect(e.done).toBeGreaterThanOrEqual(i / 4);
      expect(e.done).toBeLessThanOrEqual((i + 1) / 4);
    }
    const again = await executeSweep(planted.store, await planSweep(planted.store, config));
    expect(again).toMatchObject({ ran: 0, skipped: 4 });
    expect(await planted.store.runs.list()).toHaveLength(before + 4);
    expect(again.points.map((p) => p.run.id)).toEqual(resumed.points.map((p) => p.run.id));
  });
});
