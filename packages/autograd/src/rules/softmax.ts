import { exp, mul, sub, sum, zerosLike } from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";

/** What softmax and logSoftmax record: the normalised axis. */
interface SoftmaxAttrs {
  readonly axis: number;
}

/**
 * Rules of the softmax family, from the saved output y (no exp recomputed for softmax):
 * softmax: dx = y · (dy − Σ dy·y); logSoftmax: dx = dy − exp(y) · Σ dy.
 * A scalar input is a one-element axis: its softmax is constant (1, or 0 for log), gradient 0.
 */
export const softmaxRules: RuleTable = {
  softmax: {
    rule: ({ inputs: [x], output: y, attrs }, dy) => {
      if (x!.rank === 0) return [zerosLike(x!)];
      const { axis } = attrs as SoftmaxAttrs;
      return [mul(y, sub(dy, sum(mul(dy, y), axis, { keepDims: true })))];
    },
  },
  logSoftmax: {
    rule: ({ inputs: [x], output: y, attrs }, dy) => {
      if (x!.rank === 0) return [zerosLike(x!)];
      const { axis } = attrs as SoftmaxAttrs;
      return [sub(dy, mul(exp(y), sum(dy, axis, { keepDims: true })))];
    },
  },
};
