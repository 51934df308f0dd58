import { isValidElement, type ReactNode } from "react";

/** A two-column definition list; object values are shown as indented JSON. */
export function KeyValues({ entries }: { entries: [string, ReactNode | Record<string, unknown> | unknown[]][] }) {
  return (
    <dl className="key-values">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{isPlain(value) ? <pre>{JSON.stringify(value, null, 2)}</pre> : (value as ReactNode)}</dd>
        </div>
      ))}
    </dl>
  );
}

function isPlain(value: unknown): value is Record<string, unknown> | unknown[] {
  return Array.isArray(value) || (value !== null && typeof value === "object" && !isValidElement(value) && Object.getPrototypeOf(value) === Object.prototype);
}
