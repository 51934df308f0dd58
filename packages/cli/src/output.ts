/** Everything the CLI prints goes through here: one JSON document with --json, text otherwise. */
export interface OutputOptions {
  json?: boolean;
}

export function emit(options: OutputOptions, value: unknown, text: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, jsonReplacer)}\n`);
  else process.stdout.write(`${text()}\n`);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** Progress and notes go to stderr so stdout stays one JSON document. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** A plain-text table with aligned columns. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, col) => Math.max(...cells.map((row) => (row[col] ?? "").length)));
  return cells
    .map((row, i) => {
      const line = row
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join("  ")
        .trimEnd();
      return i === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    })
    .join("\n");
}
