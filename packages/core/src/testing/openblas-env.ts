// Vitest set-up (tests only): the OpenBLAS kernels the CLI chooses at start-up (cli/src/env.ts), put in
// the environment before any test loads the native addon. Shipped core code touches no environment.
import { recommendedOpenBlasCoreType } from "../linalg/native/coretype.ts";

const chosen = recommendedOpenBlasCoreType();
if (!process.env.OPENBLAS_CORETYPE && chosen !== undefined) process.env.OPENBLAS_CORETYPE = chosen;
