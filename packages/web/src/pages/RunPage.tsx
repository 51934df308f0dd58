import {
  getDataset,
  getDatasets,
  getFeatureSets,
  getRun,
  getRuns,
  getRunFeatures,
  getRunImages,
  getRunMaps,
  getRunNull,
} from "../api/queries.ts";
import type { ArrayJson, DatasetDetailJson, RunJson } from "../api/types.ts";
import { useQuery } from "../api/use-query.ts";
import { Heatmap } from "../components/Heatmap.tsx";
import { Histogram } from "../components/Histogram.tsx";
import { ImageGrid } from "../components/ImageGrid.tsx";
import { KeyValues } from "../components/KeyValues.tsx";
import { Loaded } from "../components/Loaded.tsx";
import { MetricsTable } from "../components/MetricsTable.tsx";
import { Crumbs } from "../components/Crumbs.tsx";
import { Headline } from "../components/Headline.tsx";
import { PartitionChart } from "../components/PartitionChart.tsx";
import { SimulatedBadge } from "../components/SimulatedBadge.tsx";
import { AREA_SHARE_DEFINITION } from "../lib/area-shares.ts";
import { fmt, fmtDate, fmtRois, fmtSeconds } from "../lib/format.ts";
import { plantedLayers } from "../lib/ground-truth.ts";
import { noClassesReason } from "../lib/image-classes.ts";
import { cvText, fmtOptions } from "../lib/solver-text.ts";
import { href } from "../lib/route.ts";

/**
 * One run, read top-down as a result: the question, the answer (headline metrics with nulls and CIs),
 * every metric against its null, the area x layer map, the test images with their area shares,
 * per-feature distributions, and the configuration.
 */
export function RunPage({ id }: { id: string }) {
  const run = useQuery(`run:${id}`, () => getRun(id));
  const datasets = useQuery("datasets", () => getDatasets());
  const datasetName =
    run.status === "ok" && datasets.status === "ok"
      ? (datasets.data.items.find((d) => d.id === run.data.datasetId)?.name ?? null)
      : null;
  const detail = useQuery(datasetName ? `dataset:${datasetName}` : null, () => getDataset(datasetName!));
  const featureSets = useQuery(datasetName ? `feature-sets:${datasetName}` : null, () =>
    getFeatureSets(datasetName!),
  );
  const dataset = detail.status === "ok" ? detail.data : null;
  if (run.status === "error") {
    return (
      <article>
        <Crumbs
          trail={[
            ["Runs", href({ page: "runs" })],
            [`run ${id.slice(0, 8)}`, null],
          ]}
        />
        <Loaded state={run} what={`run ${id}`}>
          {() => null}
        </Loaded>
      </article>
    );
  }
  return (
    <Loaded state={run} what={`run ${id}`}>
      {(r) => {
        const featureSet =
          featureSets.status === "ok"
            ? (featureSets.data.items.find((f) => f.id === r.featureSetId) ?? null)
            : null;
        return (
          <article>
            <header className="page-header">
              <Crumbs
                trail={[
                  ["Runs", href({ page: "runs" })],
                  ...(datasetName
                    ? ([[`dataset ${datasetName}`, href({ page: "dataset", name: datasetName })]] as const)
                    : []),
                  [`run ${r.id.slice(0, 8)}`, null],
                ]}
              />
              <h2>
                {r.solver} · {r.layer} · {fmtRois(r.rois)}{" "}
                <SimulatedBadge simulated={dataset?.kind === "simulated"} />
              </h2>
              <p className="muted">
                {datasetName ? (
                  <a href={href({ page: "dataset", name: datasetName })}>dataset {datasetName}</a>
                ) : (
                  "dataset …"
                )}
                {featureSet
                  ? ` · features ${featureSet.name}${featureSet.model.id === featureSet.name ? "" : ` (${featureSet.model.id})`}`
                  : ""}{" "}
                · created {fmtDate(r.createdAt)} UTC · run <code>{r.id}</code>
              </p>
              <nav aria-label="Sections of this run" className="section-nav">
                <a href="#answer" onClick={jump("answer")}>
                  Answer
                </a>
                <a href="#metrics" onClick={jump("metrics")}>
                  Metrics
                </a>
                <a href="#map" onClick={jump("map")}>
                  Area x layer
                </a>
                <a href="#images" onClick={jump("images")}>
                  Images
                </a>
                <a href="#features" onClick={jump("features")}>
                  Features
                </a>
                <a href="#config" onClick={jump("config")}>
                  Configuration
                </a>
              </nav>
            </header>
            <section id="answer" aria-labelledby="answer-h">
              <h3 id="answer-h" tabIndex={-1}>
                The question and the answer
              </h3>
              <p className="question">
                How well do the responses of{" "}
                <strong>{r.rois.length === 0 ? "all visual areas" : fmtRois(r.rois)}</strong> translate into
                the CNN&apos;s{" "}
                <strong>
                  <code>{r.layer}</code>
                </strong>{" "}
                features
                {featureSet ? ` (${featureSet.model.id})` : ""}, on {r.metrics.nTest} test images the decoder
                never saw{dataset?.kind === "simulated" ? ", in data the simulator made" : ""}?
              </p>
              <Headline metrics={r.metrics} />
            </section>
            <section id="metrics" aria-labelledby="metrics-h">
              <h3 id="metrics-h" tabIndex={-1}>
                Every metric against its null
              </h3>
              <RunMetricsTable run={r} />
            </section>
            <section id="map" aria-labelledby="map-h">
              <h3 id="map-h" tabIndex={-1}>
                Which areas encode which layers
              </h3>
              {dataset ? (
                <RunMap run={r} dataset={dataset} layerOrder={featureSet?.layers ?? []} />
              ) : (
                <p className="status">Loading…</p>
              )}
            </section>
            <section id="images" aria-labelledby="images-h">
              <h3 id="images-h" tabIndex={-1}>
                Test images
              </h3>
              {dataset ? <RunImages run={r} dataset={dataset} /> : <p className="status">Loading…</p>}
            </section>
            <section id="features" aria-labelledby="features-h">
              <h3 id="features-h" tabIndex={-1}>
                Per-feature distribution
              </h3>
              <RunFeatures id={r.id} />
            </section>
            <section id="config" aria-labelledby="config-h">
              <h3 id="config-h" tabIndex={-1}>
                Configuration and provenance
              </h3>
              <Provenance run={r} />
            </section>
          </article>
        );
      }}
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
  const samples =
    nulls.status === "ok"
      ? Object.fromEntries(nulls.data.metrics.map((m, k) => [m, nulls.data.samples[k] ?? []]))
      : undefined;
  return (
    <>
      <MetricsTable metrics={run.metrics} nullSamples={samples} />
      {nulls.status === "error" && (
        <p className="muted">
          Null samples could not be loaded ({nulls.message}); the nulls are drawn from their summaries.
        </p>
      )}
    </>
  );
}

function RunMap({
  run,
  dataset,
  layerOrder,
}: {
  run: RunJson;
  dataset: DatasetDetailJson;
  layerOrder: readonly string[];
}) {
  const maps = useQuery(`maps:${run.id}`, () => getRunMaps(run.id));
  const roiOrder = [...dataset.rois].sort((a, b) => a.code - b.code).map((r) => r.name);
  const planted = plantedLayers(dataset.meta);
  return (
    <Loaded state={maps} what="the area x layer map">
      {(m) =>
        m.items.length === 0 ? (
          <MapElsewhere run={run} />
        ) : (
          <>
            <Heatmap
              items={m.items}
              inference={{ corrections: m.corrections, bestLayer: m.bestLayer }}
              roiOrder={roiOrder}
              layerOrder={layerOrder}
              planted={planted}
              name={`run-${run.id.slice(0, 8)}-map`}
            />
            <PartitionChart items={m.items} roiOrder={roiOrder} layerOrder={layerOrder} />
          </>
        )
      }
    </Loaded>
  );
}

/** For a run without a map: the map runs of the same dataset and feature set (the demo stores its map as a second run). */
function MapElsewhere({ run }: { run: RunJson }) {
  const runs = useQuery("runs:0", () => getRuns(0));
  const maps =
    runs.status === "ok"
      ? runs.data.items.filter(
          (r) =>
            r.id !== run.id &&
            r.datasetId === run.datasetId &&
            r.featureSetId === run.featureSetId &&
            r.timings["mapFit"] !== undefined,
        )
      : [];
  return (
    <p className="muted map-elsewhere">
      This run stored no area x layer map.{" "}
      {maps.length > 0 ? (
        <>
          The map of this dataset and feature set is in {maps.length === 1 ? "run" : "runs"}{" "}
          {maps.map((m, k) => (
            <span key={m.id}>
              {k > 0 && ", "}
              <a href={href({ page: "run", id: m.id })}>
                <code>{m.id.slice(0, 8)}</code>
              </a>{" "}
              ({fmtDate(m.createdAt)})
            </span>
          ))}
          .
        </>
      ) : (
        <>
          <code>neurotranslator map --dataset NAME --features NAME</code> makes one.
        </>
      )}
    </p>
  );
}

function RunImages({ run, dataset }: { run: RunJson; dataset: DatasetDetailJson }) {
  const images = useQuery(`images:${run.id}`, () => getRunImages(run.id));
  const areaOrder = [...dataset.rois].sort((a, b) => a.code - b.code).map((r) => r.name);
  return (
    <Loaded state={images} what="per-image results">
      {(i) => (
        <>
          {i.items.some((x) => x.extra["areaShares"] !== undefined) ? (
            <p className="muted definition">
              <strong>Area shares</strong> (bars on each card): {AREA_SHARE_DEFINITION}
            </p>
          ) : (
            <p className="muted">
              This run stored no per-image area shares (run with <code>--attribution</code> to split each
              translation by area).
            </p>
          )}
          <ImageGrid
            items={i.items}
            dataset={dataset.name}
            nTest={run.metrics.nTest}
            noClasses={noClassesReason(
              run as unknown as { engine: Record<string, unknown>; metrics: Record<string, unknown> },
            )}
            areaOrder={areaOrder}
          />
        </>
      )}
    </Loaded>
  );
}

function RunFeatures({ id }: { id: string }) {
  const features = useQuery(`features:${id}`, () => getRunFeatures(id));
  return (
    <Loaded state={features} what="per-feature results">
      {(f) => {
        const charts: [string, string, ArrayJson | null, ((x: number) => number)?][] = [
          ["Pearson r per feature (across test images)", "Pearson r of a feature (unitless)", f.featureR],
          ["R² per feature", "R² of a feature (unitless; 0 = the test mean)", f.r2],
          [
            "log10 of the chosen ridge alpha per feature",
            "log10 alpha (alpha in squared response units)",
            f.alpha,
            (x) => Math.log10(x),
          ],
        ];
        const present = charts.filter(([, , a]) => a !== null);
        if (present.length === 0) return <p className="muted">This run stored no per-feature arrays.</p>;
        return (
          <div className="charts">
            {present.map(([label, xTitle, a, map]) => (
              <Histogram
                key={label}
                label={label}
                xTitle={xTitle}
                yTitle="number of features"
                values={map ? a!.data.map((x) => (x === null || !(x > 0) ? null : map(x))) : a!.data}
              />
            ))}
          </div>
        );
      }}
    </Loaded>
  );
}

function Provenance({ run }: { run: RunJson }) {
  const timings = Object.entries(run.timings)
    .map(([stage, s]) => `${stage} ${fmtSeconds(s)}`)
    .join(", ");
  return (
    <KeyValues
      entries={[
        ["Solver", run.config.solver.name],
        ["Solver options", fmtOptions(run.config.solver.options)],
        ["Layer", <code key="l">{run.config.layer}</code>],
        ["Areas", fmtRois(run.config.rois)],
        ["Seed", run.config.seed],
        ["Cross-validation", cvText(run.config.solver.name, run.config.solver.options, run.config.cv.folds)],
        [
          "Permutations / bootstrap",
          `${run.metrics.nPermutations} / ${run.metrics.nBootstrap} (smallest possible p ${run.metrics.nPermutations > 0 ? fmt(1 / (1 + run.metrics.nPermutations), 4) : "—"})`,
        ],
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
