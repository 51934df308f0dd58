import { z } from "zod";
import { NtError } from "@neurotranslator/data/errors";

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
    const issue = parsed.error.issues[0];
    throw new NtError("BAD_INPUT", `environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}
