export { probeEngines } from "./doctor.ts";
export type { EngineMeasurement, EngineReport } from "./report.ts";
