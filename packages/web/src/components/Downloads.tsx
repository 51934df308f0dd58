import { useState, type ReactNode, type RefObject } from "react";
import { downloadCsv, downloadPng, downloadSvg } from "../lib/download.ts";

/** "PNG" and "SVG" buttons for the chart in `svgRef` (saved as `name`.png / .svg). */
export function ChartDownloads({
  svgRef,
  name,
  what,
}: {
  svgRef: RefObject<SVGSVGElement | null>;
  name: string;
  what: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const run = (save: (svg: SVGSVGElement) => void | Promise<void>) => () => {
    const svg = svgRef.current;
    if (!svg) return;
    Promise.resolve(save(svg)).then(
      () => setError(null),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <span className="downloads">
      <button
        type="button"
        className="link"
        onClick={run((svg) => downloadPng(svg, name))}
        aria-label={`Download ${what} as PNG`}
      >
        PNG
      </button>
      <button
        type="button"
        className="link"
        onClick={run((svg) => downloadSvg(svg, name))}
        aria-label={`Download ${what} as SVG`}
      >
        SVG
      </button>
      {error && <span className="error"> {error}</span>}
    </span>
  );
}

/** A "CSV" button saving `rows` under `headers` as `name`.csv. */
export function CsvDownload({
  headers,
  rows,
  name,
  what,
  children,
}: {
  headers: readonly string[];
  rows: () => (string | number | null | undefined)[][];
  name: string;
  what: string;
  children?: ReactNode;
}) {
  return (
    <button
      type="button"
      className="link"
      onClick={() => downloadCsv(headers, rows(), name)}
      aria-label={`Download ${what} as CSV`}
    >
      {children ?? "CSV"}
    </button>
  );
}
