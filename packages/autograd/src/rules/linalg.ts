import { matmul, reshape, sum, type Tensor, unsqueeze } from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";
import { sumToShape } from "./util.js";

/** What `matmul` records: the transposes that took effect (a vector operand never has one). */
interface MatmulAttrs {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/**
 * Rules of linear algebra. For `y = op(a) · op(b)` (op a transpose or not) the gradients are
 * `dA = dy · op(b)ᵀ` and `dB = op(a)ᵀ · dy`, each written as one matmul whose flags absorb the
 * transposes, so no transpose is ever copied. A vector operand is a `[1, K]` row (a) or a `[K, 1]`
 * column (b) throughout; broadcast batch axes are summed away with `sumToShape`.
 */
export const linalgRules: RuleTable = {
  matmul: {
    rule: ({ inputs: [a, b], attrs, needsGrad }, dy) => {
      const { transposeA: ta, transposeB: tb } = attrs as MatmulAttrs;
      const vecA = a!.rank === 1;
      const vecB = b!.rank === 1;
      // Everything as matrices: a → [1, K], b → [K, 1], dy → [..., M, N].
      const am = vecA ? reshape(a!, [1, a!.shape[0]!]) : a!;
      const bm = vecB ? reshape(b!, [b!.shape[0]!, 1]) : b!;
      let g = dy;
      if (vecB) g = unsqueeze(g, -1);
      if (vecA) g = unsqueeze(g, g.rank - 1);
      const back = (grad: Tensor, x: Tensor, matrix: Tensor): Tensor =>
        matrix === x ? sumToShape(grad, x.shape) : reshape(sumToShape(grad, matrix.shape), x.shape);
      // a stored [..., M, K] (or [..., K, M] with ta): dA = g · op(b)ᵀ, transposed back when ta.
      const da = (): Tensor => {
        const grad = ta
          ? matmul(bm, g, { transposeA: tb, transposeB: true }) // op(b) · gᵀ
          : matmul(g, bm, { transposeB: !tb }); // g · op(b)ᵀ
        return back(grad, a!, am);
      };
      // b stored [..., K, N] (or [..., N, K] with tb): dB = op(a)ᵀ · g, transposed back when tb.
      const db = (): Tensor => {
        const grad = tb
          ? matmul(g, am, { transposeA: true, transposeB: ta }) // gᵀ · op(a)
          : matmul(am, g, { transposeA: !ta }); // op(a)ᵀ · g
        return back(grad, b!, bm);
      };
      return [needsGrad[0] ? da() : undefined, needsGrad[1] ? db() : undefined];
    },
  },
  linear: {
    // y = x·Wᵀ + b over the last axis: dx = dy·W, dW = dyᵀ·x and db = Σ dy over every leading
    // axis (leading axes flattened into one, so a batch of sequences sums like a batch of rows).
    rule: ({ inputs: [x, w], needsGrad }, dy) => {
      const out = w!.shape[0]!;
      return [
        needsGrad[0] ? matmul(dy, w!) : undefined,
        needsGrad[1] ? matmul(rows(dy, out), rows(x!, w!.shape[1]!), { transposeA: true }) : undefined,
        needsGrad[2] ? sum(rows(dy, out), 0) : undefined,
      ];
    },
  },
};

/** `t` as a matrix of rows of `width`: itself when 2-D, else its leading axes flattened. */
function rows(t: Tensor, width: number): Tensor {
  return t.rank === 2 ? t : reshape(t, [-1, width]);
}
