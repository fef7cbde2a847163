// @tensorkit/train: the Keras-style training loop. Re-exports only.
export { type Callback, CallbackList, type Logs } from "./callback.js";
export { CSVLogger, type CSVLoggerOptions, type CSVSink } from "./callbacks/csv-logger.js";
export { EarlyStopping, type EarlyStoppingOptions } from "./callbacks/early-stopping.js";
export { LearningRateScheduler, type Schedule } from "./callbacks/learning-rate-scheduler.js";
export {
  type CheckpointInfo,
  type CheckpointSink,
  ModelCheckpoint,
  type ModelCheckpointOptions,
} from "./callbacks/model-checkpoint.js";
export type { MonitorMode } from "./callbacks/monitor.js";
export { EpochLogger, formatLogs, type Verbosity } from "./callbacks/progress.js";
export {
  formatDuration,
  ProgressBar,
  type ProgressBarOptions,
  type ProgressStream,
} from "./callbacks/progress-bar.js";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./callbacks/reduce-lr-on-plateau.js";
export { TerminateOnNaN } from "./callbacks/terminate-on-nan.js";
export {
  type FineTuneOptions,
  type FineTunePhase,
  type FineTuneResult,
  fineTune,
} from "./fine-tune.js";
export { History } from "./history.js";
export {
  type CheckpointOptions,
  type RestoredCheckpoint,
  restoreCheckpoint,
  serializeCheckpoint,
} from "./io/checkpoint.js";
export {
  ModelFileError,
  type ModelFileProblem,
  ModelFormatError,
  type ModelFormatProblem,
} from "./io/errors.js";
export {
  deserializeModel,
  type LoadedModel,
  type Preprocessing,
  type Preprocessor,
  type SerializeModelOptions,
  serializeModel,
  type TrainingInfo,
} from "./io/model-file.js";
export { type LossFn, type LossName, resolveLoss } from "./losses.js";
export type { EpochMetric, MetricName } from "./metrics.js";
export {
  type OptimizerLike,
  type OptimizerName,
  type OptimizerSpec,
  resolveOptimizer,
} from "./optimizers.js";
export {
  type BuildContext,
  type CandidateParams,
  type Choices,
  type Distribution,
  describeParams,
  type FoldJob,
  type FoldOutcome,
  formatParam,
  gridSearch,
  type HalvingOptions,
  halvingSchedule,
  type JobSettings,
  type ModelBuilder,
  mlpBuilder,
  PARAM_KEYS,
  type ParamKey,
  type RandomSearchOptions,
  type Rung,
  randomSearch,
  type SearchExecutor,
  type SearchMetric,
  type SearchOptions,
  type SearchProgress,
  SearchResult,
  type SearchResultJSON,
  type SearchRow,
  type SearchSpace,
  SearchSpaceError,
  sequentialExecutor,
  validateSearchSpace,
} from "./search/index.js";
export {
  type BatchSource,
  type CompileOptions,
  compile,
  type EvaluateOptions,
  type FitOptions,
  Trainer,
} from "./trainer.js";
