import type { Workload } from "../workload.js";
import { adamMlpWorkloads } from "./adam-mlp.js";
import { fitWorkloads } from "./fit-keras.js";
import { fitLstmWorkloads } from "./fit-lstm.js";
import { opWorkloads } from "./ops.js";

/**
 * Every workload, in the order they run and print. A new family (e.g. a training step) is a new
 * file in this folder exporting a `Workload[]`, spread in here.
 */
export const workloads: readonly Workload[] = [
  ...opWorkloads,
  ...adamMlpWorkloads,
  ...fitWorkloads,
  ...fitLstmWorkloads,
];
