import type { ActivationName } from "@tensorkit/nn";
import type { OptimizerName } from "@tensorkit/train";

/** The 2-D data sets of the playground, all made by `@tensorkit/datasets`. */
export const DATASETS = ["xor", "circles", "spirals", "moons", "blobs"] as const;
export type DatasetName = (typeof DATASETS)[number];

export const ACTIVATIONS = ["relu", "tanh", "sigmoid", "gelu", "elu", "leakyRelu"] as const;
export const OPTIMIZERS = ["adam", "sgd", "rmsprop", "adamw", "adagrad", "adamax"] as const;

/** Everything the reader can choose; `reset` rebuilds data and model from it. */
export interface PlaygroundConfig {
  readonly dataset: DatasetName;
  /** In [0, 0.5]: how far points stray from their shape (scaled per data set). */
  readonly noise: number;
  readonly nSamples: number;
  /** Fraction of the points held out for validation, in (0, 1). */
  readonly validationFraction: number;
  /** Units of each hidden layer; empty means logistic regression. */
  readonly hidden: readonly number[];
  readonly activation: (typeof ACTIVATIONS)[number] & ActivationName;
  readonly optimizer: (typeof OPTIMIZERS)[number] & OptimizerName;
  readonly lr: number;
  /** L2 penalty on every kernel (Keras' `kernelRegularizer: l2(λ)`). */
  readonly l2: number;
  /** Dropout rate after each hidden layer, in [0, 1). */
  readonly dropout: number;
  readonly batchSize: number;
  readonly seed: number;
}

export const DEFAULT_CONFIG: PlaygroundConfig = {
  dataset: "spirals",
  noise: 0.1,
  nSamples: 400,
  validationFraction: 0.3,
  hidden: [16, 16],
  activation: "tanh",
  optimizer: "adam",
  lr: 0.03,
  l2: 0,
  dropout: 0,
  batchSize: 16,
  seed: 1,
};

/** Thrown for a configuration outside what the playground can train. */
export class PlaygroundConfigError extends Error {
  override name = "PlaygroundConfigError";
}

/** Checks every field, naming the first one out of range. */
export function checkConfig(c: PlaygroundConfig): PlaygroundConfig {
  const fail = (field: string, rule: string, got: unknown) => {
    throw new PlaygroundConfigError(`playground: ${field} must be ${rule}, got ${JSON.stringify(got)}`);
  };
  if (!DATASETS.includes(c.dataset)) fail("dataset", `one of ${DATASETS.join(", ")}`, c.dataset);
  if (!(c.noise >= 0 && c.noise <= 0.5)) fail("noise", "in [0, 0.5]", c.noise);
  if (!(Number.isInteger(c.nSamples) && c.nSamples >= 20 && c.nSamples <= 5000))
    fail("nSamples", "an integer in [20, 5000]", c.nSamples);
  if (!(c.validationFraction > 0 && c.validationFraction < 1))
    fail("validationFraction", "in (0, 1)", c.validationFraction);
  if (c.hidden.length > 6 || !c.hidden.every((u) => Number.isInteger(u) && u >= 1 && u <= 256))
    fail("hidden", "at most 6 layers of 1 to 256 units", c.hidden);
  if (!ACTIVATIONS.includes(c.activation))
    fail("activation", `one of ${ACTIVATIONS.join(", ")}`, c.activation);
  if (!OPTIMIZERS.includes(c.optimizer)) fail("optimizer", `one of ${OPTIMIZERS.join(", ")}`, c.optimizer);
  if (!(c.lr > 0 && c.lr <= 10)) fail("lr", "in (0, 10]", c.lr);
  if (!(c.l2 >= 0 && c.l2 <= 1)) fail("l2", "in [0, 1]", c.l2);
  if (!(c.dropout >= 0 && c.dropout < 1)) fail("dropout", "in [0, 1)", c.dropout);
  if (!(Number.isInteger(c.batchSize) && c.batchSize >= 1 && c.batchSize <= 1024))
    fail("batchSize", "an integer in [1, 1024]", c.batchSize);
  if (!Number.isInteger(c.seed)) fail("seed", "an integer", c.seed);
  return c;
}
