import type { Command } from "commander";
import { configureOpenBlas } from "../env.ts";
import { emit, table } from "../output.ts";

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("list the compute engines found, which ones are used, and their measured speed")
    .option("--json", "print one JSON document")
    .action(async (opts: { json?: boolean }) => {
      const { probeEngines } = await import("@neurotranslator/core");
      const engines = await probeEngines({ coreTypeSetBy: configureOpenBlas().setBy });
      emit(opts, { engines }, () =>
        table(
          ["engine", "for", "available", "used", "speed", "notes"],
          engines.map((e) => [
            e.id,
            e.purpose,
            e.available ? "yes" : "no",
            e.selected ? "yes" : "",
            e.measurements
              .map(
                (m) =>
                  `${m.op} ${m.gflops !== undefined && m.gflops !== null ? `${m.gflops.toFixed(1)} GFLOP/s` : `${m.seconds.toFixed(2)} s`}`,
              )
              .join("; "),
            e.available ? e.description : (e.note ?? ""),
          ]),
        ),
      );
    });
}
