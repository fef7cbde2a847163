import {
  add,
  cos,
  div,
  equal,
  exp,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  logicalAnd,
  mul,
  neg,
  pow,
  sign,
  sin,
  square,
  sub,
  type Tensor,
  where,
  zerosLike,
} from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";
import { sumToShape } from "./util.js";

/** Rules of element-wise ops. Binary rules undo broadcasting with `sumToShape`. */

const only = (g: (x: Tensor, y: Tensor, dy: Tensor) => Tensor) => ({
  rule: ({ inputs: [x], output }: { inputs: readonly Tensor[]; output: Tensor }, dy: Tensor) => [
    g(x!, output, dy),
  ],
});
const none = { rule: ({ inputs: [x] }: { inputs: readonly Tensor[] }) => [zerosLike(x!)] };

/**
 * The share of the gradient `a` gets from maximum/minimum: all of it where it wins, half where
 * it ties (PyTorch splits ties evenly), none where it loses.
 */
const share = (a: Tensor, b: Tensor, loses: (a: Tensor, b: Tensor) => Tensor): Tensor =>
  where(loses(a, b), 0, where(equal(a, b), 0.5, 1));

export const elementwiseRules: RuleTable = {
  add: { rule: ({ inputs: [a, b] }, dy) => [sumToShape(dy, a!.shape), sumToShape(dy, b!.shape)] },
  sub: {
    rule: ({ inputs: [a, b], needsGrad }, dy) => [
      sumToShape(dy, a!.shape),
      needsGrad[1] ? sumToShape(neg(dy), b!.shape) : undefined,
    ],
  },
  mul: {
    rule: ({ inputs: [a, b], needsGrad }, dy) => [
      needsGrad[0] ? sumToShape(mul(dy, b!), a!.shape) : undefined,
      needsGrad[1] ? sumToShape(mul(dy, a!), b!.shape) : undefined,
    ],
  },
  div: {
    // d(a/b)/db = -a/b² = -(a/b)/b
    rule: ({ inputs: [a, b], output, needsGrad }, dy) => [
      needsGrad[0] ? sumToShape(div(dy, b!), a!.shape) : undefined,
      needsGrad[1] ? sumToShape(neg(mul(dy, div(output, b!))), b!.shape) : undefined,
    ],
  },
  pow: {
    // As PyTorch: d/da = b·a^(b-1), taken as 0 where b = 0; d/db = a^b·ln a, taken as 0 where a = 0 and b ≥ 0.
    rule: ({ inputs: [a, b], output, needsGrad }, dy) => [
      needsGrad[0]
        ? sumToShape(mul(dy, where(equal(b!, 0), 0, mul(b!, pow(a!, sub(b!, 1))))), a!.shape)
        : undefined,
      needsGrad[1]
        ? sumToShape(
            mul(dy, where(logicalAnd(equal(a!, 0), greaterEqual(b!, 0)), 0, mul(output, log(a!)))),
            b!.shape,
          )
        : undefined,
    ],
  },
  maximum: {
    rule: ({ inputs: [a, b], needsGrad }, dy) => [
      needsGrad[0] ? sumToShape(mul(dy, share(a!, b!, less)), a!.shape) : undefined,
      needsGrad[1] ? sumToShape(mul(dy, share(b!, a!, less)), b!.shape) : undefined,
    ],
  },
  minimum: {
    rule: ({ inputs: [a, b], needsGrad }, dy) => [
      needsGrad[0] ? sumToShape(mul(dy, share(a!, b!, greater)), a!.shape) : undefined,
      needsGrad[1] ? sumToShape(mul(dy, share(b!, a!, greater)), b!.shape) : undefined,
    ],
  },
  neg: only((_x, _y, dy) => neg(dy)),
  abs: only((x, _y, dy) => mul(dy, sign(x))), // sign(0) = 0: PyTorch's subgradient at the kink
  sign: none,
  floor: none,
  ceil: none,
  round: none,
  exp: only((_x, y, dy) => mul(dy, y)),
  log: only((x, _y, dy) => div(dy, x)),
  sqrt: only((_x, y, dy) => div(dy, mul(y, 2))),
  rsqrt: only((_x, y, dy) => mul(dy, mul(mul(square(y), y), -0.5))),
  sin: only((x, _y, dy) => mul(dy, cos(x))),
  cos: only((x, _y, dy) => neg(mul(dy, sin(x)))),
  tanh: only((_x, y, dy) => mul(dy, sub(1, square(y)))),
  sigmoid: only((_x, y, dy) => mul(dy, mul(y, sub(1, y)))),
  relu: only((x, _y, dy) => where(greater(x, 0), dy, 0)),
  log1p: only((x, _y, dy) => div(dy, add(x, 1))),
  expm1: only((_x, y, dy) => mul(dy, add(y, 1))),
  erf: only((x, _y, dy) => mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI)))),
  where: {
    rule: ({ inputs: [c, a, b], needsGrad }, dy) => [
      undefined,
      needsGrad[1] ? sumToShape(where(c!, dy, 0), a!.shape) : undefined,
      needsGrad[2] ? sumToShape(where(c!, 0, dy), b!.shape) : undefined,
    ],
  },
  clamp: {
    // The gradient passes where min ≤ x ≤ max (PyTorch); a bound gets it where it clamped.
    rule: ({ inputs, attrs, needsGrad }, dy) => {
      const { hasMin, hasMax } = attrs as { hasMin: boolean; hasMax: boolean };
      const x = inputs[0]!;
      const lo = hasMin ? inputs[1] : undefined;
      const hi = hasMax ? inputs[hasMin ? 2 : 1] : undefined;
      let pass: Tensor | undefined;
      if (lo) pass = greaterEqual(x, lo);
      if (hi) pass = pass ? logicalAnd(pass, lessEqual(x, hi)) : lessEqual(x, hi);
      const grads: (Tensor | undefined)[] = [needsGrad[0] ? sumToShape(mul(dy, pass!), x.shape) : undefined];
      if (lo) grads.push(needsGrad[1] ? sumToShape(mul(dy, less(x, lo)), lo.shape) : undefined);
      if (hi) grads.push(needsGrad[grads.length] ? sumToShape(mul(dy, greater(x, hi)), hi.shape) : undefined);
      return grads;
    },
  },
  cast: { rule: (_ctx, dy) => [dy] },
  clone: { rule: (_ctx, dy) => [dy] },
};
