// What the `fit` workloads check besides speed, shown in each workload's description:
//
// - the loss of the first batch at the initial weights, per target: the libraries start from the
//   same weights, so they must compute the same function. A target more than
//   INITIAL_LOSS_TOLERANCE away from another fails the workload in teardown (a row error, so the
//   bench exits 1): a wrong weight layout (a transposed kernel, a gate order, a bias) shows there
//   even when training still learns;
// - the accuracy `fit` reported for its last epoch and the trained model's accuracy on held-out
//   data: a fast run that does not learn shows there.

/** Largest accepted difference between two targets' first-batch losses at the initial weights. */
export const INITIAL_LOSS_TOLERANCE = 1e-4;

interface TargetChecks {
  initialLoss?: number;
  fit?: number;
  heldOut?: number;
}

/** Per workload, per target. */
const checks = new Map<string, Map<string, TargetChecks>>();
/** Per workload: the targets left out, and why. */
const leftOut = new Map<string, Set<string>>();

function entry(workload: string, target: string): TargetChecks {
  let byTarget = checks.get(workload);
  if (!byTarget) checks.set(workload, (byTarget = new Map()));
  let found = byTarget.get(target);
  if (!found) byTarget.set(target, (found = {}));
  return found;
}

/** Records a target's loss on the first batch at the initial weights (measured in setup). */
export function recordInitialLoss(workload: string, target: string, loss: number): void {
  entry(workload, target).initialLoss = loss;
}

/** Records a target's accuracies: fit's last epoch, and on held-out data after training. */
export function recordAccuracy(workload: string, target: string, fit: number, heldOut: number): void {
  Object.assign(entry(workload, target), { fit, heldOut });
}

/** Records that a target did not run this workload, and why ("tfjs-wasm (no X kernel)"). */
export function recordLeftOut(workload: string, why: string): void {
  let set = leftOut.get(workload);
  if (!set) leftOut.set(workload, (set = new Set()));
  set.add(why);
}

/**
 * Throws when `target`'s first-batch loss at the initial weights is not a number or differs from
 * another target's by more than {@link INITIAL_LOSS_TOLERANCE}.
 */
export function checkInitialLoss(workload: string, target: string): void {
  const byTarget = checks.get(workload);
  const own = byTarget?.get(target)?.initialLoss;
  if (own === undefined) return;
  if (!Number.isFinite(own)) throw new Error(`${workload}: ${target}'s initial loss is ${own}`);
  for (const [other, c] of byTarget ?? []) {
    if (other === target || c.initialLoss === undefined) continue;
    const diff = Math.abs(own - c.initialLoss);
    if (!(diff <= INITIAL_LOSS_TOLERANCE)) {
      throw new Error(
        `${workload}: the first batch's loss at the initial weights is ${own} on ${target} but ` +
          `${c.initialLoss} on ${other} (|Δ| ${diff.toExponential(1)} > ${INITIAL_LOSS_TOLERANCE}): ` +
          "the libraries do not start from the same function",
      );
    }
  }
}

/** The checks' text appended to a workload's description. */
export function checksText(workload: string, heldOutName: string): string {
  const byTarget = [...(checks.get(workload) ?? [])];
  const skipped = leftOut.get(workload);
  let text = "";
  const losses = byTarget.filter(([, c]) => c.initialLoss !== undefined);
  if (losses.length > 0) {
    const values = losses.map(([, c]) => c.initialLoss!);
    const spread = Math.max(...values) - Math.min(...values);
    const parts = losses.map(([t, c]) => `${t} ${c.initialLoss!.toFixed(6)}`);
    text += `; first-batch loss at the initial weights: ${parts.join(", ")} (spread ${spread.toExponential(1)})`;
  }
  const accuracies = byTarget.filter(([, c]) => c.fit !== undefined && c.heldOut !== undefined);
  if (accuracies.length > 0) {
    const parts = accuracies.map(([t, c]) => `${t} ${c.fit!.toFixed(3)}/${c.heldOut!.toFixed(3)}`);
    text += `; accuracy (fit's last epoch / ${heldOutName}): ${parts.join(", ")}`;
  }
  if (skipped && skipped.size > 0) text += `; not run: ${[...skipped].join(", ")}`;
  return text;
}

/** Share of samples whose prediction (probabilities, one row per sample) gives their label. */
export function accuracyOf(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const k = probabilities.length / labels.length;
  let right = 0;
  for (let s = 0; s < labels.length; s++) {
    let predicted: number;
    if (k === 1) predicted = probabilities[s]! > 0.5 ? 1 : 0;
    else {
      predicted = 0;
      for (let j = 1; j < k; j++)
        if (probabilities[s * k + j]! > probabilities[s * k + predicted]!) predicted = j;
    }
    if (predicted === labels[s]) right++;
  }
  return labels.length > 0 ? right / labels.length : Number.NaN;
}

/**
 * Mean cross-entropy of predicted probabilities (one row per sample; one column means binary),
 * in float64, with Keras' clipping to [1e-7, 1 − 1e-7]: the same formula for every library, so
 * the loss depends on the model's outputs only.
 */
export function crossEntropyOf(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const k = probabilities.length / labels.length;
  const clip = (p: number) => Math.min(1 - 1e-7, Math.max(1e-7, p));
  let sum = 0;
  for (let s = 0; s < labels.length; s++) {
    const y = labels[s]!;
    if (k === 1) {
      const p = clip(probabilities[s]!);
      sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
    } else sum -= Math.log(clip(probabilities[s * k + y]!));
  }
  return sum / labels.length;
}
