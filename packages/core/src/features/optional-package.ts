import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const requireHere = createRequire(import.meta.url);

/**
 * Imports an optional package (onnxruntime-node, @tensorflow/tfjs-node) as this package resolves
 * it, wherever the calling code runs from (the CLI's bundle keeps import.meta.url pointing here),
 * so that a package installed after the bundle was made is still found. Rejects when it is missing.
 */
export async function importOptional<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(requireHere.resolve(name)).href)) as T;
}
