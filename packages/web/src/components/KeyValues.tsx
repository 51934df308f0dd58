import { isValidElement, type ReactNode } from "react";

/** A two-column definition list; object values are shown as JSON (on one line when short, else indented). */
export function KeyValues({
  entries,
}: {
  entries: [string, ReactNode | Record<string, unknown> | unknown[]][];
}) {
  return (
    <dl className="key-values">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{isPlain(value) ? <pre>{json(value)}</pre> : (value as ReactNode)}</dd>
        </div>
      ))}
    </dl>
  );
}

function json(value: unknown): string {
  const line = JSON.stringify(value);
  return line.length <= 100 ? line : JSON.stringify(value, null, 2);
}

function isPlain(value: unknown): value is Record<string, unknown> | unknown[] {
  return (
    Array.isArray(value) ||
    (value !== null &&
      typeof value === "object" &&
      !isValidElement(value) &&
      Object.getPrototypeOf(value) === Object.prototype)
  );
}
