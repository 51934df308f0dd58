/**
 * One progress report, the one shape every long task emits (solvers, metrics, the pipeline, feature
 * extraction, downloads, the application layer, the fuzzer): `done` of `total` units of `stage`.
 * A task that knows only its share of a whole reports it as done = share, total = 1 (`shareProgress`).
 * A download counts bytes, and its `total` is undefined when the server does not say.
 */
export interface ProgressEvent {
  /** What is under way, e.g. "ridge-cv: k-fold", "evaluate: permutations", "extract", "download". */
  stage: string;
  done: number;
  /** Undefined only when it is not known (a download whose server sends no length). */
  total: number | undefined;
  /** What done and total count, where it is not steps of work. */
  unit?: "bytes" | "images";
  /** The file a download is on. */
  file?: string;
  /** A download of several files: those finished before `file`, of how many. */
  files?: { done: number; total: number };
}

export type ProgressCallback = (event: ProgressEvent) => void;

/** The share of the stage that is done, in [0, 1]; 0 while the total is unknown (or 0). */
export function progressShare(event: ProgressEvent): number {
  const { done, total } = event;
  return total !== undefined && total > 0 ? Math.max(0, Math.min(1, done / total)) : 0;
}

/** An event that reports a share of the whole (0..1) as done of a total of 1. */
export function shareProgress(stage: string, share: number): ProgressEvent {
  return { stage, done: share, total: 1 };
}
