import { useMemo, useState } from "react";
import type { ImageResultJson } from "../api/types.ts";
import { stimulusUrl } from "../api/queries.ts";
import { ImageCard } from "./ImageCard.tsx";

const PAGE = 24;
const ORDERS = {
  index: {
    label: "image index",
    compare: (a: ImageResultJson, b: ImageResultJson) => a.imageIndex - b.imageIndex,
  },
  rDesc: {
    label: "r, best first",
    compare: (a: ImageResultJson, b: ImageResultJson) => (b.r ?? -Infinity) - (a.r ?? -Infinity),
  },
  rAsc: {
    label: "r, worst first",
    compare: (a: ImageResultJson, b: ImageResultJson) => (a.r ?? Infinity) - (b.r ?? Infinity),
  },
  rank: {
    label: "rank of true image",
    compare: (a: ImageResultJson, b: ImageResultJson) => a.rank - b.rank || a.imageIndex - b.imageIndex,
  },
} as const;
type Order = keyof typeof ORDERS;

/** The per-image cards of a run, sortable, shown PAGE at a time (120 images need not all load at once). */
export function ImageGrid({
  items,
  dataset,
  nTest,
  noClasses,
  areaOrder,
}: {
  items: readonly ImageResultJson[];
  dataset: string;
  nTest: number;
  noClasses: string;
  areaOrder?: readonly string[];
}) {
  const [order, setOrder] = useState<Order>("index");
  const [shown, setShown] = useState(PAGE);
  const sorted = useMemo(() => [...items].sort(ORDERS[order].compare), [items, order]);
  return (
    <div>
      <div className="toolbar">
        <label className="control">
          Sort by{" "}
          <select value={order} onChange={(e) => setOrder(e.target.value as Order)}>
            {Object.entries(ORDERS).map(([key, o]) => (
              <option key={key} value={key}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          showing {Math.min(shown, sorted.length)} of {sorted.length} test images
        </span>
      </div>
      <div className="image-grid">
        {sorted.slice(0, shown).map((result) => (
          <ImageCard
            key={result.imageIndex}
            result={result}
            src={stimulusUrl(dataset, "test", result.imageIndex)}
            nTest={nTest}
            noClasses={noClasses}
            {...(areaOrder ? { areaOrder } : {})}
          />
        ))}
      </div>
      {shown < sorted.length && (
        <button type="button" className="more" onClick={() => setShown((s) => s + PAGE)}>
          Show {Math.min(PAGE, sorted.length - shown)} more images
        </button>
      )}
    </div>
  );
}
