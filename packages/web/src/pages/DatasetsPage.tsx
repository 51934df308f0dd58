import { getDatasets } from "../api/queries.ts";
import { useQuery } from "../api/use-query.ts";
import { Crumbs } from "../components/Crumbs.tsx";
import { CsvDownload } from "../components/Downloads.tsx";
import { Loaded } from "../components/Loaded.tsx";
import { SimulatedBadge } from "../components/SimulatedBadge.tsx";
import { fmtDate } from "../lib/format.ts";
import { href } from "../lib/route.ts";

/** Every dataset in the store: kind (simulated ones marked), images, voxels, when it was imported. */
export function DatasetsPage() {
  const datasets = useQuery("datasets", () => getDatasets());
  return (
    <section aria-labelledby="datasets-h">
      <Crumbs
        trail={[
          ["Runs", href({ page: "runs" })],
          ["Datasets", null],
        ]}
      />
      <h2 id="datasets-h">Datasets</h2>
      <Loaded state={datasets} what="datasets">
        {(d) =>
          d.items.length === 0 ? (
            <p className="status">
              No datasets yet: <code>neurotranslator dataset fetch kay</code>, <code>dataset import</code> or{" "}
              <code>dataset simulate</code> adds one.
            </p>
          ) : (
            <>
              <div className="table-scroll">
                <table className="datasets-table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Kind</th>
                      <th scope="col" className="num">
                        Training images
                      </th>
                      <th scope="col" className="num">
                        Test images
                      </th>
                      <th scope="col" className="num">
                        Voxels
                      </th>
                      <th scope="col">Imported (UTC)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.items.map((ds) => (
                      <tr key={ds.id}>
                        <th scope="row">
                          <a href={href({ page: "dataset", name: ds.name })}>{ds.name}</a>
                        </th>
                        <td>
                          {ds.kind} <SimulatedBadge simulated={ds.kind === "simulated"} />
                        </td>
                        <td className="num">{ds.nTrain}</td>
                        <td className="num">{ds.nTest}</td>
                        <td className="num">{ds.nVoxels}</td>
                        <td>{fmtDate(ds.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="downloads-line">
                Table as{" "}
                <CsvDownload
                  headers={["name", "kind", "n_train", "n_test", "n_voxels", "created_at", "id"]}
                  rows={() =>
                    d.items.map((ds) => [
                      ds.name,
                      ds.kind,
                      ds.nTrain,
                      ds.nTest,
                      ds.nVoxels,
                      ds.createdAt,
                      ds.id,
                    ])
                  }
                  name="datasets"
                  what="the datasets table"
                />
              </p>
            </>
          )
        }
      </Loaded>
    </section>
  );
}
