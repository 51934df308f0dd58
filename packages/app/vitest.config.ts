import { mergeConfig } from "vitest/config";
import baseTestConfig from "@neurotranslator/vitest-config";

export default mergeConfig(baseTestConfig, { test: { setupFiles: ["./src/testing/openblas-env.ts"] } });
