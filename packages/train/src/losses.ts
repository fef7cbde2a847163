import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  huberLoss,
  l1Loss,
  mseLoss,
  nllLoss,
} from "@tensorkit/nn";
import { add, clamp, log, mean, mul, neg, sub, sum, type Tensor, tidy, ValueError } from "@tensorkit/tensor";

/** A loss: predictions and targets in, a one-element tensor out. */
export type LossFn = (predictions: Tensor, targets: Tensor) => Tensor;

/**
 * Losses by name. Keras' names take probabilities (the model ends in sigmoid/softmax), as in
 * Keras; PyTorch's names take logits.
 */
export type LossName =
  | "binaryCrossentropy"
  | "categoricalCrossentropy"
  | "sparseCategoricalCrossentropy"
  | "meanSquaredError"
  | "mse"
  | "meanAbsoluteError"
  | "mae"
  | "huber"
  | "crossEntropy"
  | "bceWithLogits";

/** Keras clips probabilities by its epsilon before the log: the same here. */
const EPSILON = 1e-7;

const LOSSES: Record<LossName, LossFn> = {
  // Keras' formula on clipped probabilities (no host check of the range: the clip makes it moot,
  // and a readback per step is a large part of a small model's step).
  binaryCrossentropy: (p, y) =>
    tidy(() => {
      const q = clamp(p, { min: EPSILON, max: 1 - EPSILON });
      return mean(neg(add(mul(y, log(q)), mul(sub(1, y), log(sub(1, q))))));
    }),
  categoricalCrossentropy: (p, y) =>
    tidy(() => mean(neg(sum(mul(y, log(clamp(p, { min: EPSILON, max: 1 - EPSILON }))), -1)))),
  sparseCategoricalCrossentropy: (p, y) =>
    tidy(() => nllLoss(log(clamp(p, { min: EPSILON, max: 1 - EPSILON })), y)),
  meanSquaredError: (p, y) => mseLoss(p, y),
  mse: (p, y) => mseLoss(p, y),
  meanAbsoluteError: (p, y) => l1Loss(p, y),
  mae: (p, y) => l1Loss(p, y),
  huber: (p, y) => huberLoss(p, y),
  crossEntropy: (p, y) => crossEntropy(p, y),
  bceWithLogits: (p, y) => binaryCrossEntropyWithLogits(p, y),
};

/** The loss function for a name, or the function itself. */
export function resolveLoss(loss: LossName | LossFn): LossFn {
  if (typeof loss === "function") return loss;
  const fn = LOSSES[loss];
  if (!fn)
    throw new ValueError(
      `compile: unknown loss '${String(loss)}'; known losses: ${Object.keys(LOSSES).join(", ")}`,
    );
  return fn;
}

/** What a named loss says about the task, so that named metrics know how to read predictions. */
export type TaskKind =
  | "binary"
  | "multiclassProbs"
  | "multiclassLogits"
  | "oneHot"
  | "regression"
  | "unknown";

export function taskOf(loss: LossName | LossFn): TaskKind {
  switch (loss) {
    case "binaryCrossentropy":
      return "binary";
    case "bceWithLogits":
      return "binary";
    case "sparseCategoricalCrossentropy":
      return "multiclassProbs";
    case "crossEntropy":
      return "multiclassLogits";
    case "categoricalCrossentropy":
      return "oneHot";
    case "meanSquaredError":
    case "mse":
    case "meanAbsoluteError":
    case "mae":
    case "huber":
      return "regression";
    default:
      return "unknown";
  }
}
