import { progressShare, type ProgressEvent } from "@neurotranslator/schema";

/**
 * A progress bar on stderr (stdout stays clean for --json). On a terminal it redraws one line; otherwise
 * it prints a line at most every few seconds, so logs of long sweeps stay readable.
 */
export interface Progress {
  update(done: number, total?: number, detail?: string): void;
  /** Share of the whole job done (0..1), shown as a percentage only: stage counts live in `detail`. */
  fraction(f: number, detail?: string): void;
  /** A progress event as `fraction`: its share done, its stage as the detail (safe to pass unbound). */
  readonly share: (event: ProgressEvent) => void;
  done(message?: string): void;
}

export function progress(label: string, options: { quiet?: boolean } = {}): Progress {
  const tty = Boolean(process.stderr.isTTY);
  const start = Date.now();
  let lastPrint = 0;
  let lastLine = "";
  const render = (done: number, total?: number, detail?: string, countsShown = true): string => {
    const seconds = (Date.now() - start) / 1000;
    if (total === undefined || total <= 0)
      return `${label} ${formatCount(done)}${detail ? ` ${detail}` : ""} (${seconds.toFixed(1)} s)`;
    const fraction = Math.min(1, done / total);
    const width = 24;
    const filled = Math.round(fraction * width);
    const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : NaN;
    const etaText = Number.isFinite(eta) && fraction < 1 ? `, ${eta.toFixed(0)} s left` : "";
    return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%${countsShown ? ` ${formatCount(done)}/${formatCount(total)}` : ""}${detail ? ` ${detail}` : ""} (${seconds.toFixed(1)} s${etaText})`;
  };
  const show = (line: () => string) => {
    if (options.quiet) return;
    const now = Date.now();
    if (tty) {
      if (now - lastPrint < 80) return;
      lastPrint = now;
      lastLine = line();
      process.stderr.write(
        `\r${lastLine.padEnd(process.stderr.columns ? Math.min(process.stderr.columns - 1, 120) : 100)}`,
      );
    } else if (now - lastPrint > 5000) {
      lastPrint = now;
      process.stderr.write(`${line()}\n`);
    }
  };
  const fraction = (f: number, detail?: string) =>
    show(() => render(Math.round(f * 1000), 1000, detail, false));
  return {
    update(done, total, detail) {
      show(() => render(done, total, detail));
    },
    fraction,
    share: (event) => fraction(progressShare(event), event.stage),
    done(message) {
      if (options.quiet) return;
      const seconds = ((Date.now() - start) / 1000).toFixed(1);
      const text = `${label} ${message ?? "done"} (${seconds} s)`;
      process.stderr.write(tty ? `\r${text.padEnd(lastLine.length)}\n` : `${text}\n`);
    },
  };
}

function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return String(n);
}
