// Vitest set-up (tests only): services tested in-process get the OpenBLAS kernels the CLI's `main`
// chooses at start-up (the CLI owns the environment; the test process stands in for it here).
import { recommendedOpenBlasCoreType } from "@neurotranslator/core/openblas";

if (!process.env["OPENBLAS_CORETYPE"]) {
  const coreType = recommendedOpenBlasCoreType();
  if (coreType !== undefined) process.env["OPENBLAS_CORETYPE"] = coreType;
}
