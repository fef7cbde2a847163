import {
  type ClippedBinaryCrossEntropyAttrs,
  div,
  equal,
  log,
  maximum,
  minimum,
  mul,
  sub,
  where,
} from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";

/** Rules of fused losses: a few kernels each, instead of backpropagating through their compositions. */
export const lossRules: RuleTable = {
  clippedBinaryCrossEntropy: {
    // L = −(y·log q + (1−y)·log(1−q)), q = clip(p, ε, 1−ε):
    // ∂L/∂p = (q − y) / (q(1 − q)) where the clip let p through (q = p, bounds included, as
    // clamp's rule), 0 where it clipped; ∂L/∂y = log(1 − q) − log q.
    rule: ({ inputs: [p, y], attrs, needsGrad }, dy) => {
      const { epsilon, reduction } = attrs as ClippedBinaryCrossEntropyAttrs;
      const q = minimum(maximum(p!, epsilon), 1 - epsilon);
      const oneMinusQ = sub(1, q);
      // dy is a scalar for 'mean' and 'sum' (broadcast below), per element for 'none'.
      const scale = reduction === "mean" ? div(dy, p!.size) : dy;
      return [
        needsGrad[0] ? where(equal(q, p!), mul(div(sub(q, y!), mul(q, oneMinusQ)), scale), 0) : undefined,
        needsGrad[1] ? mul(sub(log(oneMinusQ), log(q)), scale) : undefined,
      ];
    },
  },
};
