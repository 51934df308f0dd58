import { readFileSync } from "node:fs";

/**
 * OpenBLAS picks its kernels (DYNAMIC_ARCH) from the CPU model when the library loads. Debian's
 * 0.3.21 does not know recent Xeons and falls back to "Prescott" (SSE3) kernels: measured here,
 * sgemm 2048³ ran at ~13 GFLOP/s instead of ~125 with the AVX-512 kernels. OPENBLAS_CORETYPE is
 * only read at library load, so the application (the CLI's env.ts) puts this value in the
 * environment before the addon is loaded; core itself reads and writes no environment.
 *
 * Returns the kernel family for this CPU, or undefined when OpenBLAS's own choice is right.
 */
export function recommendedOpenBlasCoreType(): string | undefined {
  if (process.platform !== "linux" || process.arch !== "x64") return undefined;
  return coreTypeForFlags(readCpuFlags());
}

function readCpuFlags(): Set<string> {
  try {
    const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
    const line = cpuinfo.split("\n").find((l) => l.startsWith("flags"));
    return new Set(line?.split(":")[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return new Set();
  }
}

/** The best OpenBLAS x86-64 kernel family the flags support (names as OPENBLAS_CORETYPE takes them). */
export function coreTypeForFlags(flags: Set<string>): string | undefined {
  const has = (...names: string[]) => names.every((n) => flags.has(n));
  if (has("avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl")) {
    return flags.has("avx512_bf16") ? "Cooperlake" : "SkylakeX";
  }
  if (has("avx2", "fma")) return "Haswell";
  return undefined;
}
