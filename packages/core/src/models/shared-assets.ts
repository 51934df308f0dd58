import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

/** The repository root (this file is packages/core/src/models/). */
const REPO_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../..");

/** The shared assets folder beside the repository (never copied into it): tests and benchmarks read it in place. */
export const SHARED_DIR = resolve(REPO_ROOT, "../shared");
/** The genuine MobileNet v1 0.25 graph model (see its SOURCE.md). */
export const SHARED_MOBILENET_DIR = resolve(SHARED_DIR, "models/mobilenet_v1_025_224_imagenet");
/** The 1,750 Kay training images, N.jpg = row N of `stimuli`. */
export const SHARED_KAY_STIMULI_DIR = resolve(SHARED_DIR, "data/kay-stimuli");
