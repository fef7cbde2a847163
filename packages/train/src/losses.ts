import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  huberLoss,
  l1Loss,
  mseLoss,
  nllLoss,
} from "@tensorkit/nn";
import {
  cast,
  clamp,
  clippedBinaryCrossEntropy,
  log,
  mean,
  mul,
  neg,
  reshape,
  sum,
  type Tensor,
  tidy,
  ValueError,
} from "@tensorkit/tensor";

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
  // Keras' formula on clipped probabilities, as one fused op with its own gradient rule (no host
  // check of the range: the clip makes it moot, and a readback per step costs a small model dearly).
  binaryCrossentropy: (p, y) => clippedBinaryCrossEntropy(p, matchTargets(p, y), { epsilon: EPSILON }),
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

/**
 * Targets as the predictions' dtype, and with their shape when they differ only by a trailing
 * axis of 1 (`[n]` against `[n, 1]`), as Keras squeezes or expands them; any other mismatch is
 * left for the loss to report. Tensors returned here belong to the caller's `tidy`.
 */
function matchTargets(p: Tensor, y: Tensor): Tensor {
  let t = y.dtype === p.dtype ? y : cast(y, p.dtype);
  const trailingOne =
    (t.rank === p.rank + 1 && t.shape[t.rank - 1] === 1) ||
    (p.rank === t.rank + 1 && p.shape[p.rank - 1] === 1);
  if (trailingOne && t.size === p.size) t = reshape(t, p.shape);
  return t;
}

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
