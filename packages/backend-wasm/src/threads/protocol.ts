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
  /** Workers that picked up the current round: one that never does would leave the caller waiting. */
  started: 4,
  /** Index of worker 0's slot; worker w's slot starts at `slots + w * slotWords`: `[task + 1, argc, ...args]`. */
  slots: 16,
  slotWords: 16,
} as const;

/**
 * The module's exports a worker may run, by index: a slot holds `[index + 1, argc, ...args]` (0:
 * nothing this round). Every argument is an i32 (addresses, sizes, flags), so a slot of 16 words
 * takes any kernel of up to 14 arguments.
 */
export const TASKS = [
  "gemmF32",
  "gemmF64",
  "gemmSharedF32",
  "gemmSharedF64",
  "conv2dF32",
  "conv2dF64",
  "conv2dBackpropInputF32",
  "conv2dBackpropInputF64",
  "conv2dBackpropFilterF32",
  "conv2dBackpropFilterF64",
] as const;

/** A kernel a worker can run. */
export type TaskKernel = (typeof TASKS)[number];

/** The message that starts a worker. */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly index: number;
  readonly layout: typeof CONTROL;
  readonly tasks: typeof TASKS;
}
