import { formatShape, mean, ShapeError, sum, type Tensor, ValueError } from "@tensorkit/tensor";

/** How a loss combines its per-element values (PyTorch's `reduction`). */
export type Reduction = "mean" | "sum" | "none";

/** @internal Checks `reduction` against the values `op` accepts. */
export function checkReduction(
  op: string,
  reduction: string,
  allowed: readonly string[] = ["mean", "sum", "none"],
): void {
  if (!allowed.includes(reduction)) {
    throw new ValueError(
      `${op}: reduction must be ${allowed.map((r) => `'${r}'`).join(", ")}, got '${reduction}'`,
    );
  }
}

/** @internal Mean, sum or the per-element losses themselves. */
export function reduceLoss(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === "mean" ? mean(loss) : reduction === "sum" ? sum(loss) : loss;
}

/**
 * @internal Input and target must have one shape. PyTorch broadcasts a mismatched target with a
 * warning; we refuse it, since `[n, 1]` against `[n]` silently broadcasts to `[n, n]`.
 */
export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (input.rank !== target.rank || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new ShapeError(
      `${op}: expected target of the input's shape ${formatShape(input.shape)}, got ${formatShape(target.shape)}`,
    );
  }
}
