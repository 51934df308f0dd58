import { getDataset, getFeatureSets, stimulusUrl } from "../api/queries.ts";
import type { DatasetDetailJson } from "../api/types.ts";
import { useQuery } from "../api/use-query.ts";
import { BarChart } from "../components/BarChart.tsx";
import { Crumbs } from "../components/Crumbs.tsx";
import { CsvDownload } from "../components/Downloads.tsx";
import { Loaded } from "../components/Loaded.tsx";
import { SimulatedBadge } from "../components/SimulatedBadge.tsx";
import { fmt, fmtDate } from "../lib/format.ts";
import { compactMeta, groundTruth, type GroundTruthView } from "../lib/ground-truth.ts";
import { href } from "../lib/route.ts";

const SAMPLES = 12;

/**
 * A dataset: summary cards, its visual areas with voxel counts (and, for a simulation, what was
 * planted in each and its noise ceiling, as a table and a chart), its feature sets, sample stimuli,
 * and the raw metadata behind a disclosure.
 */
export function DatasetPage({ name }: { name: string }) {
  const dataset = useQuery(`dataset:${name}`, () => getDataset(name));
  const crumbs = [
    ["Datasets", href({ page: "datasets" })],
    [name, null],
  ] as const;
  return (
    <article>
      <Crumbs trail={[["Runs", href({ page: "runs" })], ...crumbs]} />
      <Loaded state={dataset} what={`dataset ${name}`}>
        {(d) => <DatasetBody d={d} />}
      </Loaded>
    </article>
  );
}

function DatasetBody({ d }: { d: DatasetDetailJson }) {
  const featureSets = useQuery(`feature-sets:${d.name}`, () => getFeatureSets(d.name));
  const rois = [...d.rois].sort((a, b) => a.code - b.code);
  const gt = groundTruth(d.meta);
  const simulated = d.kind === "simulated";
  return (
    <>
      <h2>
        Dataset {d.name} <SimulatedBadge simulated={simulated} />
      </h2>
      {simulated && (
        <p className="muted">
          Made by the simulator with planted ground truth: what the pipeline recovers here can be checked
          against what was planted, but says nothing about a brain.
        </p>
      )}
      <div className="cards">
        <Card label="Kind" value={d.kind} />
        <Card label="Training images" value={String(d.nTrain)} />
        <Card label="Test images" value={String(d.nTest)} />
        <Card
          label="Voxels"
          value={String(d.nVoxels)}
          note={`in ${rois.filter((r) => r.nVoxels > 0).length} areas`}
        />
        <Card label="Stimuli" value={d.stimulusShape.join(" x ")} note="pixels" />
        <Card
          label="Imported"
          value={fmtDate(d.createdAt).slice(0, 10)}
          note={`${fmtDate(d.createdAt).slice(11)} UTC`}
        />
      </div>
      <section aria-labelledby="rois-h">
        <h3 id="rois-h">Visual areas</h3>
        <AreasTable d={d} gt={gt} />
      </section>
      {gt && gt.areas.some((a) => a.ceilingTest !== null) && (
        <section aria-labelledby="ceiling-h">
          <h3 id="ceiling-h">Noise ceilings</h3>
          <BarChart
            title="Test-set noise ceiling per area (r of the noise-free responses with the measured mean, averaged over the area's voxels)"
            xTitle="noise ceiling (Pearson r, unitless)"
            domain={[0, 1]}
            items={gt.areas.map((a) => ({ label: a.name, value: a.ceilingTest }))}
          />
        </section>
      )}
      <section aria-labelledby="fs-h">
        <h3 id="fs-h">Feature sets</h3>
        <Loaded state={featureSets} what="feature sets">
          {(f) =>
            f.items.length === 0 ? (
              <p className="muted">No features extracted yet.</p>
            ) : (
              <div className="table-scroll">
                <table className="fs-table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Model</th>
                      <th scope="col">Layers (early to late)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.items.map((fs) => (
                      <tr key={fs.id}>
                        <th scope="row">{fs.name}</th>
                        <td>{fs.model.id === "imported" ? "imported (no classifier head)" : fs.model.id}</td>
                        <td>
                          {fs.layers.map((l) => (
                            <code key={l}>{l} </code>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </section>
      <section aria-labelledby="stimuli-h">
        <h3 id="stimuli-h">Sample stimuli</h3>
        {(["train", "test"] as const).map((split) => {
          const n = Math.min(SAMPLES, split === "train" ? d.nTrain : d.nTest);
          return (
            <div key={split}>
              <h4>
                {split === "train" ? "Training" : "Test"} images 0–{n - 1}
              </h4>
              <div className="stimuli">
                {Array.from({ length: n }, (_, i) => (
                  <figure key={i}>
                    <img
                      src={stimulusUrl(d.name, split, i)}
                      alt={`${split} stimulus ${i}`}
                      width={96}
                      height={96}
                      loading="lazy"
                    />
                    <figcaption>{i}</figcaption>
                  </figure>
                ))}
              </div>
            </div>
          );
        })}
      </section>
      <section aria-labelledby="prov-h">
        <h3 id="prov-h">Provenance</h3>
        <p>
          Content hash <code className="hash">{d.contentHash}</code>; stored arrays: {d.arrays.join(", ")}.
        </p>
        <details className="raw">
          <summary>Source and metadata as JSON (long index lists shortened)</summary>
          <pre>{JSON.stringify({ source: d.source, meta: compactMeta(d.meta) }, null, 2)}</pre>
        </details>
      </section>
    </>
  );
}

function Card({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="card">
      <h4>{label}</h4>
      <p className="card-value">{value}</p>
      {note && <p className="card-line">{note}</p>}
    </div>
  );
}

/** Areas with voxel counts (bars), and for a simulation the planted layer, SNR and ceilings. */
function AreasTable({ d, gt }: { d: DatasetDetailJson; gt: GroundTruthView | null }) {
  const rois = [...d.rois].sort((a, b) => a.code - b.code);
  const maxVoxels = Math.max(1, ...rois.map((r) => r.nVoxels));
  const planted = (name: string) => gt?.areas.find((a) => a.name === name) ?? null;
  const headers = [
    "area",
    "code",
    "voxels",
    ...(gt ? ["planted_layer", "median_snr", "test_retest", "noise_ceiling_test"] : []),
  ];
  return (
    <>
      {gt?.model && <p className="muted">Ground truth (what the simulator planted): {gt.model}</p>}
      <div className="table-scroll">
        <table className="roi-table">
          <thead>
            <tr>
              <th scope="col">Area</th>
              <th scope="col" className="num">
                Voxels
              </th>
              <th scope="col">
                <span className="sr-only">voxel count bar</span>
              </th>
              {gt && (
                <>
                  <th scope="col">Planted layer</th>
                  <th scope="col" className="num">
                    Median SNR
                  </th>
                  <th scope="col" className="num">
                    Test-retest
                  </th>
                  <th scope="col" className="num">
                    Noise ceiling
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {rois.map((r) => {
              const p = planted(r.name);
              return (
                <tr key={r.code}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{r.nVoxels}</td>
                  <td className="bar-cell" aria-hidden="true">
                    <span className="hbar" style={{ width: `${(100 * r.nVoxels) / maxVoxels}%` }} />
                  </td>
                  {gt && (
                    <>
                      <td>{p?.layer ? <code>{p.layer}</code> : "—"}</td>
                      <td className="num">{fmt(p?.snr, 2)}</td>
                      <td className="num">{fmt(p?.testRetest, 2)}</td>
                      <td className="num">{fmt(p?.ceilingTest, 2)}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="downloads-line">
        Table as{" "}
        <CsvDownload
          headers={headers}
          rows={() =>
            rois.map((r) => {
              const p = planted(r.name);
              return [
                r.name,
                r.code,
                r.nVoxels,
                ...(gt
                  ? [p?.layer ?? null, p?.snr ?? null, p?.testRetest ?? null, p?.ceilingTest ?? null]
                  : []),
              ];
            })
          }
          name={`${d.name}-areas`}
          what="the areas table"
        />
      </p>
    </>
  );
}
