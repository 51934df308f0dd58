/**
 * Downloads from the page: a chart as SVG or PNG, a table as CSV. Charts are styled by the
 * stylesheet, so the saved SVG carries the computed paint of each element inline (it must look the
 * same opened alone, e.g. in a slide). PNG: the SVG drawn on a canvas at 2x for projectors.
 */

const PAINT = [
  "fill",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "opacity",
  "font-size",
  "font-family",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
] as const;

/** A standalone copy of `svg` with its computed paint inlined and a white background. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...svg.querySelectorAll("*")];
  const target = [clone, ...clone.querySelectorAll("*")];
  source.forEach((el, i) => {
    const style = getComputedStyle(el);
    const out = target[i] as SVGElement;
    out.setAttribute("style", PAINT.map((p) => `${p}:${style.getPropertyValue(p)}`).join(";"));
    out.removeAttribute("class");
  });
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const box = svg.viewBox.baseVal;
  const [w, h] = box && box.width > 0 ? [box.width, box.height] : [svg.clientWidth, svg.clientHeight];
  clone.setAttribute("width", String(w));
  clone.setAttribute("height", String(h));
  const bg = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", "#ffffff");
  clone.insertBefore(bg, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

/** Saves `blob` as `filename` through a temporary link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadSvg(svg: SVGSVGElement, filename: string): void {
  saveBlob(new Blob([standaloneSvg(svg)], { type: "image/svg+xml" }), `${filename}.svg`);
}

/** Renders the standalone SVG onto a canvas (data: URL, which the viewer's CSP allows) and saves it as PNG. */
export async function downloadPng(svg: SVGSVGElement, filename: string, scale = 2): Promise<void> {
  const text = standaloneSvg(svg);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(img.width * scale);
  canvas.height = Math.round(img.height * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2-d canvas in this browser");
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0);
  const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, "image/png"));
  if (!blob) throw new Error("the browser could not encode the PNG");
  saveBlob(blob, `${filename}.png`);
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; null is an empty field. */
export function csvText(
  headers: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  const field = (v: string | number | null | undefined) => {
    const s =
      v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v)) ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [headers, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

export function downloadCsv(
  headers: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
  filename: string,
): void {
  saveBlob(new Blob([csvText(headers, rows)], { type: "text/csv" }), `${filename}.csv`);
}

/** A file-name-safe slug ("V1 x conv2d/3" -> "v1-x-conv2d-3"). */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 80) || "chart"
  );
}
