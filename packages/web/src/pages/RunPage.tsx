import { getDataset, getDatasets, getFeatureSets, getRun, getRunFeatures, getRunImages, getRunMaps, getRunNull } from "../api/queries.ts";
import type { ArrayJson, RunJson } from "../api/types.ts";
import { useQuery } from "../api/use-query.ts";
import { Heatmap } from "../components/Heatmap.tsx";
import { Histogram } from "../components/Histogram.tsx";
import { ImageGrid } from "../components/ImageGrid.tsx";
import { KeyValues } from "../components/KeyValues.tsx";
import { Loaded } from "../components/Loaded.tsx";
import { MetricsTable } from "../components/MetricsTable.tsx";
import { PartitionChart } from "../components/PartitionChart.tsx";
import { fmtDate, fmtRois, fmtSeconds } from "../lib/format.ts";
import { href } from "../lib/route.ts";

/** One run: metrics against their nulls, area x layer map, per-image cards, per-feature distributions, configuration. */
export function RunPage({ id }: { id: string }) {
  const run = useQuery(`run:${id}`, () => getRun(id));
  const datasets = useQuery("datasets", () => getDatasets());
  const datasetName = run.status === "ok" && datasets.status === "ok" ? (datasets.data.items.find((d) => d.id === run.data.datasetId)?.name ?? null) : null;
  return (
    <Loaded state={run} what={`run ${id}`}>
      {(r) => (
        <article>
          <header className="page-header">
            <p className="crumbs">
              <a href={href({ page: "runs" })}>Runs</a> / run {r.id.slice(0, 8)}
            </p>
            <h2>
              {r.solver} · {r.layer} · {fmtRois(r.rois)}
            </h2>
            <p className="muted">
              {datasetName ? <a href={href({ page: "dataset", name: datasetName })}>dataset {datasetName}</a> : "dataset …"} · created {fmtDate(r.createdAt)} UTC · run{" "}
              <code>{r.id}</code>
            </p>
            <nav aria-label="Sections of this run" className="section-nav">
              <a href="#metrics" onClick={jump("metrics")}>Metrics</a>
              <a href="#map" onClick={jump("map")}>Area x layer</a>
              <a href="#images" onClick={jump("images")}>Images</a>
              <a href="#features" onClick={jump("features")}>Features</a>
              <a href="#config" onClick={jump("config")}>Configuration</a>
            </nav>
          </header>
          <section id="metrics" aria-labelledby="metrics-h">
            <h3 id="metrics-h">Metrics against their nulls</h3>
            <RunMetricsTable run={r} />
          </section>
          <section id="map" aria-labelledby="map-h">
            <h3 id="map-h">Area x layer</h3>
            {datasetName ? <RunMap run={r} dataset={datasetName} /> : <p className="status">Loading…</p>}
          </section>
          <section id="images" aria-labelledby="images-h">
            <h3 id="images-h">Test images</h3>
            {datasetName ? <RunImages id={r.id} dataset={datasetName} nTest={r.metrics.nTest} /> : <p className="status">Loading…</p>}
          </section>
          <section id="features" aria-labelledby="features-h">
            <h3 id="features-h">Per-feature distribution</h3>
            <RunFeatures id={r.id} />
          </section>
          <section id="config" aria-labelledby="config-h">
            <h3 id="config-h">Configuration and provenance</h3>
            <Provenance run={r} />
          </section>
        </article>
      )}
    </Loaded>
  );
}

/** In-page links: the URL hash is the page's route, so scroll instead of navigating. */
function jump(target: string) {
  return (e: { preventDefault(): void }) => {
    e.preventDefault();
    const el = document.getElementById(target);
    el?.scrollIntoView({ behavior: "smooth", block: "start" });
    el?.querySelector<HTMLElement>("h3")?.focus({ preventScroll: true });
  };
}

/** The metrics table, with null histograms once the run's null samples have loaded (summary bands until then, or for older runs). */
function RunMetricsTable({ run }: { run: RunJson }) {
  const nulls = useQuery(`null:${run.id}`, () => getRunNull(run.id));
  const samples = nulls.status === "ok" ? Object.fromEntries(nulls.data.metrics.map((m, k) => [m, nulls.data.samples[k] ?? []])) : undefined;
  return (
    <>
      <MetricsTable metrics={run.metrics} nullSamples={samples} />
      {nulls.status === "error" && <p className="muted">Null samples could not be loaded ({nulls.message}); the nulls are drawn from their summaries.</p>}
    </>
  );
}

function RunMap({ run, dataset }: { run: RunJson; dataset: string }) {
  const maps = useQuery(`maps:${run.id}`, () => getRunMaps(run.id));
  const detail = useQuery(`dataset:${dataset}`, () => getDataset(dataset));
  const featureSets = useQuery(`feature-sets:${dataset}`, () => getFeatureSets(dataset));
  const roiOrder = detail.status === "ok" ? [...detail.data.rois].sort((a, b) => a.code - b.code).map((r) => r.name) : [];
  const layerOrder = featureSets.status === "ok" ? (featureSets.data.items.find((f) => f.id === run.featureSetId)?.layers ?? []) : [];
  return (
    <Loaded state={maps} what="the area x layer map">
      {(m) =>
        m.items.length === 0 ? (
          <p className="muted">This run stored no area x layer map.</p>
        ) : (
          <>
            <Heatmap items={m.items} inference={{ corrections: m.corrections, bestLayer: m.bestLayer }} roiOrder={roiOrder} layerOrder={layerOrder} />
            <PartitionChart items={m.items} roiOrder={roiOrder} layerOrder={layerOrder} />
          </>
        )
      }
    </Loaded>
  );
}

function RunImages({ id, dataset, nTest }: { id: string; dataset: string; nTest: number }) {
  const images = useQuery(`images:${id}`, () => getRunImages(id));
  return <Loaded state={images} what="per-image results">{(i) => <ImageGrid items={i.items} dataset={dataset} nTest={nTest} />}</Loaded>;
}

function RunFeatures({ id }: { id: string }) {
  const features = useQuery(`features:${id}`, () => getRunFeatures(id));
  return (
    <Loaded state={features} what="per-feature results">
      {(f) => {
        const charts: [string, ArrayJson | null, ((x: number) => number)?][] = [
          ["Pearson r per feature (across test images)", f.featureR],
          ["R² per feature", f.r2],
          ["log10 of the chosen ridge alpha per feature", f.alpha, (x) => Math.log10(x)],
        ];
        const present = charts.filter(([, a]) => a !== null);
        if (present.length === 0) return <p className="muted">This run stored no per-feature arrays.</p>;
        return (
          <div className="charts">
            {present.map(([label, a, map]) => (
              <Histogram key={label} label={label} values={map ? a!.data.map((x) => (x === null || !(x > 0) ? null : map(x))) : a!.data} />
            ))}
          </div>
        );
      }}
    </Loaded>
  );
}

function Provenance({ run }: { run: RunJson }) {
  const timings = Object.entries(run.timings).map(([stage, s]) => `${stage} ${fmtSeconds(s)}`).join(", ");
  return (
    <KeyValues
      entries={[
        ["Solver", run.config.solver],
        ["Layer", <code key="l">{run.config.layer}</code>],
        ["Areas", fmtRois(run.config.rois)],
        ["Seed", run.config.seed],
        ["Cross-validation", `${run.config.cv.folds} folds`],
        ["Timings", timings || "—"],
        ["Engine", run.engine],
        ["Versions", run.versions],
        ["Dataset hash", <code key="d">{run.datasetHash}</code>],
        ["Feature hash", <code key="f">{run.featureHash}</code>],
        ["Feature set", <code key="fs">{run.featureSetId}</code>],
        ["Job", run.jobId ?? "— (run from the command line)"],
        ["Status", run.status],
      ]}
    />
  );
}
