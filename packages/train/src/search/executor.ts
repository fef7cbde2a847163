import type { Tensor } from "@tensorkit/tensor";
import { type FoldJob, type FoldOutcome, type JobSettings, runJob } from "./job.js";

/**
 * Runs a search's fold jobs: one after another in this thread ({@link sequentialExecutor}), or
 * in worker threads (`workerExecutor` from `@tensorkit/train/node`). Every job carries its own
 * seed, so the outcomes do not depend on the executor or on the order jobs finish in.
 */
export interface SearchExecutor {
  /** Runs `jobs` on the training part, calling `onDone` as each finishes; resolves to the outcomes in job order. */
  run(
    x: Tensor,
    y: Tensor,
    jobs: readonly FoldJob[],
    settings: JobSettings,
    onDone: (outcome: FoldOutcome) => void,
  ): Promise<FoldOutcome[]>;
  /** Frees what the executor holds (worker threads). */
  close(): Promise<void>;
}

/**
 * The default executor: every job in this thread, in order, on the active backend.
 *
 * @example
 * ```ts
 * await gridSearch(space, { x, y, executor: sequentialExecutor() });
 * ```
 */
export function sequentialExecutor(): SearchExecutor {
  return {
    async run(x, y, jobs, settings, onDone) {
      const outcomes: FoldOutcome[] = [];
      for (const job of jobs) {
        const outcome = await runJob(x, y, job, settings);
        outcomes.push(outcome);
        onDone(outcome);
      }
      return outcomes;
    },
    async close() {},
  };
}
