// @tensorkit/optim: optimisers, learning-rate schedules, gradient clipping, penalties. Re-exports only.
export { Adadelta, type AdadeltaOptions } from "./adadelta.js";
export { Adagrad, type AdagradOptions } from "./adagrad.js";
export { Adam, type AdamOptions, AdamW } from "./adam.js";
export { Adamax, type AdamaxOptions } from "./adamax.js";
export { type ClipGradNormOptions, clipGradNorm, clipGradValue } from "./clip.js";
export {
  type BaseOptions,
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
  type Params,
} from "./optimizer.js";
export { l1Penalty, l2Penalty } from "./penalty.js";
export { RMSprop, type RMSpropOptions } from "./rmsprop.js";
export { CosineAnnealingLR, type CosineAnnealingLROptions } from "./schedulers/cosine-annealing-lr.js";
export { LinearLR, type LinearLROptions } from "./schedulers/linear-lr.js";
export { LRScheduler, type SchedulerStateDict } from "./schedulers/lr-scheduler.js";
export { OneCycleLR, type OneCycleLROptions } from "./schedulers/one-cycle-lr.js";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./schedulers/reduce-lr-on-plateau.js";
export { SequentialLR } from "./schedulers/sequential-lr.js";
export {
  ExponentialLR,
  type ExponentialLROptions,
  MultiStepLR,
  type MultiStepLROptions,
  StepLR,
  type StepLROptions,
} from "./schedulers/step-lr.js";
export { SGD, type SGDOptions } from "./sgd.js";
export { type OptimizerStateJSON, stateDictFromJSON, stateDictToJSON, type TensorJSON } from "./state.js";
