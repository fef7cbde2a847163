// Runs a search's fold jobs in worker threads. Node-only: exported from `@tensorkit/train/node`.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { type Tensor, ValueError } from "@tensorkit/tensor";
import type { SearchExecutor } from "./executor.js";
import { type FoldOutcome, type JobSettings, toPlain } from "./job.js";
import type { FromWorker, ToWorker, WorkerBackend } from "./protocol.js";

/** Options of {@link workerExecutor}. */
export interface WorkerExecutorOptions {
  /** Worker threads, at least 1. */
  readonly workers: number;
  /** The backend each worker creates for itself (each worker has its own instance). */
  readonly backend: WorkerBackend;
  /** Modules each worker imports before its backend, e.g. ones that register custom module types. */
  readonly modules?: readonly string[];
}

/**
 * An executor that runs fold jobs in `workers` worker threads, each with its own tensor runtime
 * and backend instance. Every job seeds itself, so the results equal a sequential run's for the
 * same search seed, whichever worker runs which job and in whatever order they finish.
 *
 * @example
 * ```ts
 * import { gridSearch } from "@tensorkit/train";
 * import { workerExecutor } from "@tensorkit/train/node";
 * const executor = workerExecutor({
 *   workers: 2,
 *   backend: { name: "cpu", module: import.meta.resolve("@tensorkit/backend-cpu"), factory: "createCpuBackend" },
 * });
 * try {
 *   const result = await gridSearch(space, { x, y, executor });
 * } finally {
 *   await executor.close();
 * }
 * ```
 */
export function workerExecutor(options: WorkerExecutorOptions): SearchExecutor {
  const { workers: count, backend } = options;
  if (!Number.isInteger(count) || count < 1)
    throw new ValueError(`workerExecutor: workers must be a positive integer, got ${count}`);
  let pool: Promise<PooledWorker[]> | undefined;
  let sent: { x: Tensor; y: Tensor; settings: JobSettings } | undefined;

  return {
    async run(x, y, jobs, settings, onDone) {
      pool ??= Promise.all(Array.from({ length: count }, () => startWorker(backend, options.modules ?? [])));
      const workers = await pool;
      // The training part goes to each worker once per search, not once per job.
      if (sent?.x !== x || sent.y !== y || sent.settings !== settings) {
        const data = { x: toPlain(x), y: toPlain(y) };
        for (const w of workers) w.send({ kind: "data", data, settings });
        sent = { x, y, settings };
      }
      const outcomes: FoldOutcome[] = new Array(jobs.length);
      let next = 0;
      let failed = false;
      const drain = async (w: PooledWorker): Promise<void> => {
        // After one failure the search is over: the other workers take no new jobs.
        while (next < jobs.length && !failed) {
          const index = next++;
          try {
            const outcome = await w.runJob(index, jobs[index]!);
            outcomes[index] = outcome;
            onDone(outcome);
          } catch (e) {
            failed = true;
            throw e;
          }
        }
      };
      await Promise.all(workers.map(drain));
      return outcomes;
    },
    async close() {
      const workers = await pool?.catch(() => []);
      pool = undefined;
      sent = undefined;
      await Promise.all((workers ?? []).map((w) => w.terminate()));
    },
  };
}

interface PooledWorker {
  send(message: ToWorker): void;
  runJob(index: number, job: Extract<ToWorker, { kind: "job" }>["job"]): Promise<FoldOutcome>;
  terminate(): Promise<number>;
}

/** Starts one worker and waits until it has its backend. */
function startWorker(backend: WorkerBackend, modules: readonly string[]): Promise<PooledWorker> {
  const worker = spawn();
  let pending: { resolve(o: FoldOutcome): void; reject(e: Error): void } | undefined;
  let crashed: Error | undefined;
  return new Promise((resolveReady, rejectReady) => {
    const fail = (e: Error) => {
      crashed = new ValueError(`search worker failed: ${e.message}`);
      pending?.reject(crashed);
      rejectReady(crashed);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (code !== 0) fail(new Error(`exited with code ${code}`));
    });
    worker.on("message", (m: FromWorker) => {
      if (m.kind === "ready") resolveReady(pooled);
      else if (m.kind === "done") pending?.resolve(m.outcome);
      else pending?.reject(new ValueError(`search: a fold job failed in a worker: ${m.message}`));
    });
    const pooled: PooledWorker = {
      send: (message) => worker.postMessage(message),
      runJob(index, job) {
        if (crashed) return Promise.reject(crashed);
        return new Promise((resolve, reject) => {
          pending = { resolve, reject };
          worker.postMessage({ kind: "job", index, job } satisfies ToWorker);
        });
      },
      terminate: () => worker.terminate(),
    };
    worker.postMessage({ kind: "init", backend, modules } satisfies ToWorker);
  });
}

/**
 * The worker thread. From the built package it is `dist/search/worker.js`. From source (tests,
 * the CLI's dev mode) it is a `.ts` file, which Node cannot load by itself: a small bootstrap
 * registers tsx's loader in the worker first, and the source export condition is passed on.
 */
function spawn(): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./search/worker.js", import.meta.url), { stdout: false });
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(join(dirname(require.resolve("tsx/package.json")), "dist/esm/api/index.mjs"));
  const entry = new URL("./worker.ts", import.meta.url);
  const bootstrap = `import(${JSON.stringify(tsx.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: ["--conditions=@tensorkit/source"] });
}
