/**
 * The layout of the control block that the pool and its workers share (an Int32Array over a
 * SharedArrayBuffer, apart from the module's memory): a header, then one task slot per worker.
 * The workers learn these numbers from their init message, so the worker's source (a string)
 * repeats none of them.
 */
export const CONTROL = {
  /** Bumped by the caller to hand out a round of tasks; workers wait on it. */
  generation: 0,
  /** Workers that finished the current round; the caller waits on it. */
  done: 1,
  /** Non-zero: workers exit their loop. */
  stop: 2,
  /** Workers whose task threw this round (the caller turns it into an error). */
  failed: 3,
  /** Index of worker 0's slot; worker w's slot starts at `slots + w * slotWords`. */
  slots: 16,
  slotWords: 16,
} as const;

/** What a task slot's first word says to run; the rest of the slot are its arguments. */
export const TASK = {
  /** Nothing this round (the worker only reports done). */
  none: 0,
  /** `gemmF32(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, scratch)`. */
  gemmF32: 1,
  gemmF64: 2,
} as const;

/** The message that starts a worker. */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly index: number;
  readonly layout: typeof CONTROL;
  readonly tasks: typeof TASK;
}
