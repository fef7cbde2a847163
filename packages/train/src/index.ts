// @tensorkit/train: the Keras-style training loop. Re-exports only.
export { type Callback, CallbackList, type Logs } from "./callback.js";
export { EpochLogger, formatLogs, type Verbosity } from "./callbacks/progress.js";
export { History } from "./history.js";
export { type LossFn, type LossName, resolveLoss } from "./losses.js";
export type { EpochMetric, MetricName } from "./metrics.js";
export {
  type OptimizerLike,
  type OptimizerName,
  type OptimizerSpec,
  resolveOptimizer,
} from "./optimizers.js";
export {
  type BatchSource,
  type CompileOptions,
  compile,
  type EvaluateOptions,
  type FitOptions,
  Trainer,
} from "./trainer.js";
