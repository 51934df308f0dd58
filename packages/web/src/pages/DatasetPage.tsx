import { getDataset, getFeatureSets, stimulusUrl } from "../api/queries.ts";
import { useQuery } from "../api/use-query.ts";
import { KeyValues } from "../components/KeyValues.tsx";
import { Loaded } from "../components/Loaded.tsx";
import { fmtDate } from "../lib/format.ts";
import { href } from "../lib/route.ts";

const SAMPLES = 12;

/** A dataset: sizes, voxels per visual area, its feature sets and sample stimuli. */
export function DatasetPage({ name }: { name: string }) {
  const dataset = useQuery(`dataset:${name}`, () => getDataset(name));
  const featureSets = useQuery(`feature-sets:${name}`, () => getFeatureSets(name));
  return (
    <Loaded state={dataset} what={`dataset ${name}`}>
      {(d) => {
        const rois = [...d.rois].sort((a, b) => a.code - b.code);
        const maxVoxels = Math.max(1, ...rois.map((r) => r.nVoxels));
        return (
          <article>
            <p className="crumbs">
              <a href={href({ page: "runs" })}>Runs</a> / dataset {d.name}
            </p>
            <h2>Dataset {d.name}</h2>
            <p className="muted">
              {d.kind} · {d.nTrain} training and {d.nTest} test images of {d.stimulusShape.join(" x ")} · {d.nVoxels} voxels · imported {fmtDate(d.createdAt)} UTC
            </p>
            <section aria-labelledby="rois-h">
              <h3 id="rois-h">Voxels per visual area</h3>
              <table className="roi-table">
                <tbody>
                  {rois.map((r) => (
                    <tr key={r.code}>
                      <th scope="row">{r.name}</th>
                      <td className="num">{r.nVoxels}</td>
                      <td className="bar-cell" aria-hidden="true">
                        <span className="hbar" style={{ width: `${(100 * r.nVoxels) / maxVoxels}%` }} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="stimuli-h">
              <h3 id="stimuli-h">Sample stimuli</h3>
              {(["train", "test"] as const).map((split) => (
                <div key={split}>
                  <h4>{split === "train" ? "Training" : "Test"} images 0–{Math.min(SAMPLES, split === "train" ? d.nTrain : d.nTest) - 1}</h4>
                  <div className="stimuli">
                    {Array.from({ length: Math.min(SAMPLES, split === "train" ? d.nTrain : d.nTest) }, (_, i) => (
                      <figure key={i}>
                        <img src={stimulusUrl(d.name, split, i)} alt={`${split} stimulus ${i}`} width={96} height={96} loading="lazy" />
                        <figcaption>{i}</figcaption>
                      </figure>
                    ))}
                  </div>
                </div>
              ))}
            </section>
            <section aria-labelledby="fs-h">
              <h3 id="fs-h">Feature sets</h3>
              <Loaded state={featureSets} what="feature sets">
                {(f) =>
                  f.items.length === 0 ? (
                    <p className="muted">No features extracted yet.</p>
                  ) : (
                    <ul className="plain">
                      {f.items.map((fs) => (
                        <li key={fs.id}>
                          <strong>{fs.name}</strong>: {fs.model.id}, layers {fs.layers.map((l) => <code key={l}>{l} </code>)}
                        </li>
                      ))}
                    </ul>
                  )
                }
              </Loaded>
            </section>
            <section aria-labelledby="prov-h">
              <h3 id="prov-h">Provenance</h3>
              <KeyValues entries={[["Content hash", <code key="h">{d.contentHash}</code>], ["Source", d.source], ["Stored arrays", d.arrays.join(", ")], ["Meta", d.meta]]} />
            </section>
          </article>
        );
      }}
    </Loaded>
  );
}
