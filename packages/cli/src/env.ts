import { z } from "zod";
import { NtError, zodErrorText } from "@neurotranslator/schema";
import { recommendedOpenBlasCoreType } from "@neurotranslator/core/openblas";

/** The environment variables NeuroTranslator reads, validated once, here and nowhere else. */
const EnvSchema = z.object({
  NEUROTRANSLATOR_STORE: z.string().min(1).optional(),
  NEUROTRANSLATOR_STORE_ENGINE: z.enum(["auto", "postgres", "pglite"]).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  NEUROTRANSLATOR_MODEL: z.string().min(1).optional(),
  NEUROTRANSLATOR_CACHE: z.string().min(1).optional(),
  NEUROTRANSLATOR_ENGINE: z.enum(["auto", "native", "js"]).optional(),
});
export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (cached && source === process.env) return cached;
  const picked = Object.fromEntries(
    Object.keys(EnvSchema.shape).flatMap((key) => {
      const value = source[key];
      return value === undefined || value === "" ? [] : [[key, value]];
    }),
  );
  const parsed = EnvSchema.safeParse(picked);
  if (!parsed.success) {
    throw new NtError(
      "BAD_INPUT",
      zodErrorText(parsed.error, {
        line: (_, i) => `environment variable ${String(i.path[0])}: ${i.message}`,
        max: 1,
      }),
    );
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

/** How OPENBLAS_CORETYPE came to be what it is (doctor reports it). */
export interface OpenBlasSetting {
  coreType: string | undefined;
  /** "OPENBLAS_CORETYPE=X" (the user's or ours) or "OpenBLAS" (left to the library). */
  setBy: string;
}

let openBlas: OpenBlasSetting | undefined;

/**
 * Keeps the user's OPENBLAS_CORETYPE, else writes the best kernels for this CPU into the environment
 * (core's `recommendedOpenBlasCoreType`). OpenBLAS reads the variable in C when the native addon
 * loads, so this runs at start-up, before any engine is chosen; setting process.env reaches the C
 * environment (setenv). The only environment write of the application.
 */
export function configureOpenBlas(source: NodeJS.ProcessEnv = process.env): OpenBlasSetting {
  if (openBlas && source === process.env) return openBlas;
  const user = source["OPENBLAS_CORETYPE"];
  const coreType = user !== undefined && user !== "" ? user : recommendedOpenBlasCoreType();
  if (coreType !== undefined && (user === undefined || user === "")) source["OPENBLAS_CORETYPE"] = coreType;
  const setting = { coreType, setBy: coreType === undefined ? "OpenBLAS" : `OPENBLAS_CORETYPE=${coreType}` };
  if (source === process.env) openBlas = setting;
  return setting;
}
