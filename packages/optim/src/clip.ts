import { noGrad } from "@tensorkit/autograd";
import {
  abs,
  add,
  clamp,
  div,
  isFinite as isFiniteT,
  max,
  mul,
  pow,
  scalar,
  sqrt,
  square,
  stack,
  sum,
  type Tensor,
  tidy,
  ValueError,
} from "@tensorkit/tensor";

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /** The p of the p-norm: 2 (default), 1, any p > 0, or `Infinity` (the max-abs norm). */
  normType?: number;
  /** Throw when the total norm is NaN or infinite (it needs a read back); default false. */
  errorIfNonfinite?: boolean;
}

/** The p-norm of all elements of `t`. */
function pNorm(t: Tensor, p: number): Tensor {
  if (p === Number.POSITIVE_INFINITY) return max(abs(t));
  if (p === 2) return sqrt(sum(square(t)));
  if (p === 1) return sum(abs(t));
  return pow(sum(pow(abs(t), p)), 1 / p);
}

/**
 * Rescales the gradients of `params` in place (their `.grad` is replaced) so that their total
 * norm, taken as if all gradients were one vector, is at most `maxNorm`; returns that total norm
 * before clipping as a scalar tensor (PyTorch's `clip_grad_norm_`: the gradients are multiplied
 * by `min(1, maxNorm / (norm + 1e-6))`). Parameters without a gradient are skipped.
 *
 * @example
 * ```ts
 * loss.backward();
 * const norm = clipGradNorm(params, 1.0);  // or { normType: Infinity }
 * console.log(norm.item());
 * opt.step();
 * ```
 */
export function clipGradNorm(
  params: Iterable<Tensor>,
  maxNorm: number,
  options: ClipGradNormOptions = {},
): Tensor {
  const p = options.normType ?? 2;
  if (!(p > 0)) throw new ValueError(`clipGradNorm: normType must be > 0 or Infinity; got ${p}`);
  if (!(maxNorm >= 0)) throw new ValueError(`clipGradNorm: maxNorm must be ≥ 0; got ${maxNorm}`);
  const owners = [...params].filter((t) => t.grad !== null);
  if (owners.length === 0) return scalar(0);
  return noGrad(() => {
    const total = tidy(() => {
      const norms = owners.map((t) => pNorm(t.grad!, p));
      return norms.length === 1 ? add(norms[0]!, 0) : pNorm(stack(norms), p);
    });
    if (options.errorIfNonfinite && !(isFiniteT(total).item() as boolean)) {
      const value = total.item();
      total.dispose();
      throw new ValueError(
        `clipGradNorm: the total norm of order ${p} of the gradients is ${String(value)}, so they cannot be clipped (errorIfNonfinite)`,
      );
    }
    tidy(() => {
      const coef = clamp(div(maxNorm, add(total, 1e-6)), { max: 1 });
      for (const t of owners) t.grad = mul(t.grad!, coef);
    });
    return total;
  });
}

/**
 * Clamps every gradient element of `params` to `[-clipValue, clipValue]`, in place (their `.grad`
 * is replaced); PyTorch's `clip_grad_value_`. Parameters without a gradient are skipped.
 *
 * @example
 * ```ts
 * loss.backward();
 * clipGradValue(params, 0.5);
 * opt.step();
 * ```
 */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new ValueError(`clipGradValue: clipValue must be ≥ 0; got ${clipValue}`);
  noGrad(() =>
    tidy(() => {
      for (const t of params) if (t.grad) t.grad = clamp(t.grad, { min: -clipValue, max: clipValue });
    }),
  );
}
