import { CONTROL, TASKS, type TaskKernel, type WorkerInit } from "./protocol.js";
import { type PoolWorker, spawnWorker } from "./spawn.js";

/** One thread's share of a round: a kernel of the module and its (i32) arguments. */
export interface Task {
  readonly kernel: TaskKernel;
  readonly args: readonly number[];
}

/** How long a round may wait for every worker to pick it up. */
const START_TIMEOUT_MS = 10_000;

/** Thrown when the pool cannot start, or a worker's task failed. */
export class WasmThreadError extends Error {
  override name = "WasmThreadError";
}

/**
 * A fixed set of workers, each with its own instance of the module over the caller's shared
 * memory. {@link ThreadPool.run} is synchronous, as kernels are: it writes one task per worker
 * into the control block, wakes them, runs the caller's own task, and waits for every worker
 * (blocking in `Atomics.wait` where the context allows it, as Node's main thread does; spinning
 * on a browser's main thread, where waiting is forbidden).
 */
export class ThreadPool {
  private readonly control: Int32Array;
  private disposed = false;
  /** Why the pool stopped working, once a round failed to start. */
  private broken: string | null = null;
  /** Rounds run so far (each one task per thread). */
  rounds = 0;

  private constructor(
    private readonly workers: readonly PoolWorker[],
    buffer: SharedArrayBuffer,
    private readonly canBlock: boolean,
  ) {
    this.control = new Int32Array(buffer);
  }

  /** Starts `workers` workers over `memory` (shared) running `module`. */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    workers: number,
  ): Promise<ThreadPool> {
    const buffer = new SharedArrayBuffer(4 * (CONTROL.slots + workers * CONTROL.slotWords));
    const started: PoolWorker[] = [];
    try {
      for (let index = 0; index < workers; index++) {
        const worker = await spawnWorker();
        started.push(worker);
        const init: WorkerInit = { module, memory, control: buffer, index, layout: CONTROL, tasks: TASKS };
        worker.postMessage(init);
        const answer = await worker.firstMessage;
        if (!answer.ready) throw new Error(answer.error ?? "no ready message");
      }
    } catch (e) {
      for (const w of started) w.terminate();
      throw new WasmThreadError(
        `wasm backend: could not start worker ${started.length} of ${workers}: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    return new ThreadPool(started, buffer, canBlockHere());
  }

  /** Workers besides the calling thread. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs `tasks[w]` on worker w (none for a missing entry) and `own` on the calling thread, and
   * returns when all are done.
   */
  run(tasks: readonly (Task | undefined)[], own: () => void): void {
    if (this.disposed) throw new WasmThreadError("wasm backend: the thread pool was disposed");
    if (this.broken) throw new WasmThreadError(`wasm backend: the thread pool is unusable: ${this.broken}`);
    this.rounds++;
    const ctl = this.control;
    for (let w = 0; w < this.workers.length; w++) {
      const slot = CONTROL.slots + w * CONTROL.slotWords;
      const task = tasks[w];
      ctl[slot] = task ? TASKS.indexOf(task.kernel) + 1 : 0;
      if (!task) continue;
      ctl[slot + 1] = task.args.length;
      for (let i = 0; i < task.args.length; i++) ctl[slot + 2 + i] = task.args[i]!;
    }
    Atomics.store(ctl, CONTROL.done, 0);
    Atomics.store(ctl, CONTROL.failed, 0);
    Atomics.store(ctl, CONTROL.started, 0);
    Atomics.add(ctl, CONTROL.generation, 1);
    Atomics.notify(ctl, CONTROL.generation);
    let ownError: unknown;
    try {
      own();
    } catch (e) {
      ownError = e; // still wait: the workers are writing into memory the caller may free
    }
    const all = this.workers.length;
    const since = Date.now();
    for (let done = Atomics.load(ctl, CONTROL.done); done < all; done = Atomics.load(ctl, CONTROL.done)) {
      if (this.canBlock) Atomics.wait(ctl, CONTROL.done, done, 100);
      // A worker picks a round up within microseconds; one that has not after seconds never
      // will (it died, or missed the wake-up): fail loudly rather than wait forever. Once every
      // worker has started, a long kernel may take as long as it needs.
      if (Atomics.load(ctl, CONTROL.started) < all && Date.now() - since > START_TIMEOUT_MS) {
        this.broken = `${all - Atomics.load(ctl, CONTROL.started)} of ${all} workers did not start a round within ${START_TIMEOUT_MS / 1000} s`;
        throw new WasmThreadError(`wasm backend: ${this.broken}; the thread pool is unusable`);
      }
    }
    if (ownError !== undefined) throw ownError;
    const failed = Atomics.load(ctl, CONTROL.failed);
    if (failed > 0) throw new WasmThreadError(`wasm backend: ${failed} worker task(s) failed`);
  }

  /** Stops and terminates the workers. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.control, CONTROL.stop, 1);
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
    for (const w of this.workers) w.terminate();
  }
}

/** Whether `Atomics.wait` is allowed here (not on a browser's main thread). */
function canBlockHere(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}
