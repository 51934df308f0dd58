// The one place the simulator reaches the DatasetBundle type and the Kay ROI layout. They live in
// packages/data/src/importers/bundle.ts, which @neurotranslator/data does not export yet (its
// package exports: ".", "./schema", "./formats", "./errors"; "." pulls in the store). Replace this
// path by the package export once bundle.ts is exported from @neurotranslator/data/schema.
export { KAY_ROI_NAMES, KAY_ROI_SIZES, type DatasetBundle } from "../../../data/src/importers/bundle.ts";
