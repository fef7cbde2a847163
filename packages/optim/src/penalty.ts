import { abs, add, mul, scalar, square, sum, type Tensor, tidy, ValueError } from "@tensorkit/tensor";

function penalty(op: string, params: Iterable<Tensor>, lambda: number, f: (t: Tensor) => Tensor): Tensor {
  if (!(lambda >= 0) || !Number.isFinite(lambda))
    throw new ValueError(`${op}: lambda must be a finite number ≥ 0; got ${lambda}`);
  const list = [...params];
  if (list.length === 0) return scalar(0);
  return tidy(() => {
    let total = sum(f(list[0]!));
    for (let i = 1; i < list.length; i++) total = add(total, sum(f(list[i]!)));
    return mul(total, lambda);
  });
}

/**
 * `lambda · Σ |w|` over every element of `params`: an L1 (lasso) penalty to add to the loss. It is
 * made of recorded tensor ops, so `backward()` differentiates it (`lambda · sign(w)`).
 *
 * @example
 * ```ts
 * const total = add(loss, l1Penalty([w1, w2], 1e-4));
 * total.backward();
 * ```
 */
export function l1Penalty(params: Iterable<Tensor>, lambda: number): Tensor {
  return penalty("l1Penalty", params, lambda, abs);
}

/**
 * `lambda · Σ w²` over every element of `params` (Keras's `l2`, no ½): an L2 (ridge) penalty to
 * add to the loss, differentiable (`2·lambda·w`). SGD's `weightDecay: 2·lambda` has the same effect.
 *
 * @example
 * ```ts
 * const total = add(loss, l2Penalty(model.parameters(), 1e-4));
 * total.backward();
 * ```
 */
export function l2Penalty(params: Iterable<Tensor>, lambda: number): Tensor {
  return penalty("l2Penalty", params, lambda, square);
}
