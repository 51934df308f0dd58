import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Shared assets beside the repository (never copied into it); this file is packages/app/src/testing/.
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
/** The genuine MobileNet v1 0.25 graph model. */
export const SHARED_MODEL_DIR = resolve(REPO_ROOT, "../shared/models/mobilenet_v1_025_224_imagenet");
/** The 1,750 Kay training images N.jpg. */
export const SHARED_STIMULI_DIR = resolve(REPO_ROOT, "../shared/data/kay-stimuli");
