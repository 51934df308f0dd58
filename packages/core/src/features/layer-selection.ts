import { NtError } from "@neurotranslator/schema";
import { graphNodeNames, type LoadedModel } from "../models/load-model.ts";

/** A layer to extract: the name the user gave (the feature matrix key) and its graph node. */
export interface SelectedLayer {
  name: string;
  node: string;
}

/**
 * The layers a model offers: friendly names from its registry entry (-> node names), and with
 * `raw: true` every graph node name as well.
 */
export function listModelLayers(
  model: LoadedModel,
  options: { raw?: boolean } = {},
): { friendly: Record<string, string>; raw?: string[] } {
  const friendly = { ...(model.entry?.layers ?? {}) };
  return options.raw && model.graph
    ? { friendly, raw: [...graphNodeNames(model.graph)].sort() }
    : { friendly };
}

/**
 * Resolves layer names (friendly names, or raw graph node names) to nodes; no names = the
 * registry's default set. Unknown names: NtError NOT_FOUND listing the friendly names (raw node
 * names are in `details.rawNodes`; `listModelLayers(model, { raw: true })` lists them).
 */
export function selectLayers(model: LoadedModel, names?: readonly string[]): SelectedLayer[] {
  if (!model.graph)
    throw new NtError(
      "BAD_INPUT",
      `model ${model.id}: multi-layer extraction needs a graph model, this is a ${model.format}`,
    );
  const nodes = graphNodeNames(model.graph);
  const friendly = model.entry?.layers ?? {};
  const wanted = names && names.length > 0 ? names : model.entry?.defaultLayers;
  if (!wanted) {
    throw new NtError(
      "BAD_INPUT",
      `model ${model.id} is not in the registry, so it has no default layers: name the graph nodes to extract`,
    );
  }
  const missing: string[] = [];
  const selected: SelectedLayer[] = [];
  for (const name of wanted) {
    const node = Object.hasOwn(friendly, name) ? friendly[name] : name;
    if (node !== undefined && nodes.has(node)) selected.push({ name, node });
    else missing.push(name);
  }
  if (missing.length > 0) {
    const available = Object.keys(friendly).filter((n) => nodes.has(friendly[n] as string));
    throw new NtError(
      "NOT_FOUND",
      `model ${model.id}: no layer ${missing.map((m) => `"${m}"`).join(", ")}; available: ${available.length > 0 ? available.join(", ") : "(no friendly names)"}` +
        ` (or any of the ${nodes.size} raw graph node names: listModelLayers(model, { raw: true }))`,
      { details: { missing, available, rawNodes: [...nodes].sort() } },
    );
  }
  const dupes = selected.map((s) => s.name).filter((n, i, all) => all.indexOf(n) !== i);
  if (dupes.length > 0)
    throw new NtError("BAD_INPUT", `layer(s) named twice: ${[...new Set(dupes)].join(", ")}`);
  return selected;
}
