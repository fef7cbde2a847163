import {
  div,
  equal,
  expand,
  isNaN,
  logicalAnd,
  logicalOr,
  mul,
  prod,
  reshape,
  sum,
  type Tensor,
  where,
} from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";

/** Rules of reductions. Each records `{ axes, keepDims }` with the axes resolved. */
interface ReduceAttrs {
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

/** A reduced tensor (dy or the output) with its reduced axes back as size 1, so it broadcasts against the input. */
function kept(t: Tensor, input: Tensor, { axes, keepDims }: ReduceAttrs): Tensor {
  return keepDims
    ? t
    : reshape(
        t,
        input.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
      );
}

export const reduceRules: RuleTable = {
  sum: {
    rule: ({ inputs: [x], attrs }, dy) => [expand(kept(dy, x!, attrs as ReduceAttrs), x!.shape)],
  },
  mean: {
    rule: ({ inputs: [x], attrs }, dy) => {
      const a = attrs as ReduceAttrs;
      const count = a.axes.reduce((n, i) => n * x!.shape[i]!, 1);
      return [expand(div(kept(dy, x!, a), count), x!.shape)];
    },
  },
  prod: {
    // ∂/∂xᵢ Πx = Π_{j≠i} xⱼ: out / xᵢ without zeros; with exactly one zero, only that element
    // gets the product of the others; with two or more zeros, every gradient is 0.
    rule: ({ inputs: [x], output, attrs }, dy) => {
      const a = attrs as ReduceAttrs;
      const isZero = equal(x!, 0);
      const zeros = kept(sum(isZero, a.axes, { keepDims: true }), x!, { ...a, keepDims: true });
      const othersIfOneZero = prod(where(isZero, 1, x!), a.axes, { keepDims: true });
      const noZero = div(kept(output, x!, a), x!);
      const g = where(
        equal(zeros, 0),
        noZero,
        where(logicalAnd(equal(zeros, 1), isZero), othersIfOneZero, 0),
      );
      return [mul(g, kept(dy, x!, a))];
    },
  },
  max: { rule: extremeRule },
  min: { rule: extremeRule },
};

/**
 * max/min: the gradient goes to the elements equal to the extreme, split evenly between ties
 * (as `torch.amax`/`amin`; a NaN extreme goes to the NaNs).
 */
function extremeRule(
  { inputs: [x], output, attrs }: { inputs: readonly Tensor[]; output: Tensor; attrs: unknown },
  dy: Tensor,
) {
  const a = attrs as ReduceAttrs;
  const y = kept(output, x!, a);
  const hit = logicalOr(equal(x!, y), logicalAnd(isNaN(x!), isNaN(y)));
  const count = sum(hit, a.axes, { keepDims: true });
  return [mul(div(hit, count), kept(dy, x!, a))];
}
