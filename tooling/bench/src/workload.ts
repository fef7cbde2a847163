import type * as tf from "@tensorflow/tfjs-core";
import type * as tk from "@tensorkit/tensor";

/** The values a run read back (a typed array from `dataSync`). */
export type Output = ArrayLike<number>;

/** The tensorkit module a workload is given (`@tensorkit/tensor`). */
export type Tensorkit = typeof tk;
/** The TensorFlow.js module a workload is given (`@tensorflow/tfjs-core`). */
export type Tfjs = typeof tf;

/**
 * One prepared workload on one library/backend. `run` is what is timed: it computes, reads the
 * result back to the host (`dataSync`, so a lazy or asynchronous backend finishes its work inside
 * the timing) and disposes every tensor it made, so nothing piles up across iterations.
 */
export interface Case {
  /** One timed run. Returns the data it read back (the harness compares it across libraries). */
  run(): Output | Promise<Output>;
  /** Frees what setup made. */
  teardown(): void;
  /**
   * Rewrites this library's output into the workload's reference layout before comparing (e.g.
   * TensorFlow.js's NHWC conv2d output into NCHW). Not timed. Omit when the layouts agree.
   */
  canonical?(out: Output): Output;
}

/** One input of a workload: seeded N(0, 1) values in row-major order, and the shape they fill. */
export interface Input {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/**
 * Prepares a workload on the active backend of one library (not timed). `inputs` are the
 * workload's inputs, generated once and the same for every library.
 */
export type Setup<Api> = (api: Api, inputs: readonly Input[]) => Case | Promise<Case>;

/**
 * A named workload: what it computes, how its throughput is counted, and one setup per library.
 * A library without a setup is skipped for this workload.
 *
 * @example
 * ```ts
 * const addWorkload: Workload = {
 *   name: "add 1M", description: "float32 [1M] + [1M]", unit: "Melem/s", work: 1,
 *   inputs: [[1_000_000], [1_000_000]],
 *   tensorkit: (tk, inputs) => singleOp(tk, inputs, ([a, b]) => tk.add(a, b)),
 *   tfjs: (tf, inputs) => singleOp(tf, inputs, ([a, b]) => tf.add(a, b)),
 * };
 * ```
 */
export interface Workload {
  /** Short unique name, used by `--filter` and in the JSON (`"matmul 512"`). */
  readonly name: string;
  /** What is computed, one line (`"float32 [512,512] @ [512,512]"`). */
  readonly description: string;
  /** Throughput unit (`"GFLOP/s"`, `"Melem/s"`, `"samples/s"`). */
  readonly unit: string;
  /**
   * The work one run does, counted in the unit's numerator (GFLOP for GFLOP/s, millions of
   * elements for Melem/s). The reported `value` is `work / (medianMs / 1000)`.
   */
  readonly work: number;
  /** Shapes of the float32 inputs, filled with seeded N(0, 1) values shared by all libraries (in
   * tensorkit's layouts: NCHW images, OIHW filters). */
  readonly inputs: readonly (readonly number[])[];
  /** Part of `--quick` (default true; large or slow workloads say false). */
  readonly quick?: boolean;
  /**
   * Largest accepted |difference| between a library's output and the reference (tfjs-cpu),
   * relative to the largest |reference value| (default 1e-3). `null` turns the comparison off,
   * for workloads whose libraries legitimately differ (e.g. a training step from different
   * initial weights).
   */
  readonly tolerance?: number | null;
  readonly tensorkit?: Setup<Tensorkit>;
  readonly tfjs?: Setup<Tfjs>;
}
