import {
  add,
  concat,
  contiguous,
  matmul,
  mul,
  reshape,
  type SliceRange,
  slice,
  square,
  stack,
  sub,
  type Tensor,
  unsqueeze,
  where,
  zerosLike,
} from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";

/** What `lstmSequence` records. */
interface LstmSequenceAttrs {
  readonly reverse: boolean;
}

/**
 * Backpropagation through time for `lstmSequence`, from the activations its forward pass saved
 * in its output (`[h, c, σi, σf, σ(2g), σo, tanh c']` per step), so no transcendental function
 * is recomputed. Every
 * factor that does not depend on the incoming gradient is computed for all steps at once; the
 * sequential loop keeps only what must be sequential: per step one matmul (`dgates·W_hh`, the
 * gradient reaching the previous `h`) and a few element-wise ops on `[batch, hidden]`. Then
 * `dW_hh = Σ_t dgates_tᵀ·h_{t−1}` is one matmul over every step.
 *
 * With `c' = σf⊙c + σi⊙tanh g` and `h' = σo⊙tanh c'`, for the gradients `dh` and `dc` reaching a
 * step's fresh state: `dc' = dc + dh⊙σo⊙(1 − tanh²c')`, then `dgates = [dc'⊙tanh g⊙σi(1−σi),
 * dc'⊙c⊙σf(1−σf), dc'⊙σi⊙(1 − tanh²g), dh⊙tanh c'⊙σo(1−σo)]`, and the previous state gets
 * `dc'⊙σf` and `dgates·W_hh`. A masked step (past its sequence's end) passes its state's gradient
 * straight to the previous state.
 */
export const recurrentRules: RuleTable = {
  lstmSequence: {
    secondOrder: false,
    rule: ({ inputs, output, attrs, needsGrad }, dy) => {
      const [gates, wHh, h0, c0, mask] = inputs as [Tensor, Tensor, Tensor, Tensor, Tensor | undefined];
      const { reverse } = attrs as LstmSequenceAttrs;
      const [seq, batch] = gates.shape as [number, number];
      const H = wHh.shape[1]!;
      if (seq === 0) return [zerosLike(gates), zerosLike(wHh), zerosLike(h0), zerosLike(c0)];
      const column = (x: Tensor, k: number) => slice(x, [null, null, [k * H, (k + 1) * H]]);
      const [hs, cs, sI, sF, s2G, sO, tC] = [0, 1, 2, 3, 4, 5, 6].map((k) => column(output, k)) as [
        Tensor,
        Tensor,
        Tensor,
        Tensor,
        Tensor,
        Tensor,
        Tensor,
      ];
      const tG = sub(mul(s2G, 2), 1); // tanh g = 2σ(2g) − 1
      // The state each step started from, in time order: the previous step's (h0/c0 for the first).
      const before = (states: Tensor, initial: Tensor): Tensor => {
        if (seq === 1) return unsqueeze(initial, 0);
        const rest: SliceRange[] = reverse ? [[1, seq]] : [[0, seq - 1]];
        const parts = [unsqueeze(initial, 0), slice(states, rest)];
        return concat(reverse ? parts.reverse() : parts, 0);
      };
      // Per-step factors, for every step at once ([seq, batch, hidden] each), contiguous so that
      // the loop's per-step slices are too (element-wise kernels are slower on strided views).
      const dcFromDh = mul(sO, sub(1, square(tC)));
      const ifg = stack(
        [mul(tG, mul(sI, sub(1, sI))), mul(before(cs, c0), mul(sF, sub(1, sF))), mul(sI, sub(1, square(tG)))],
        2,
      ); // [seq, batch, 3, hidden]
      const oFactor = mul(tC, mul(sO, sub(1, sO)));
      const forget = contiguous(sF);
      const dyH = contiguous(column(dy, 0));
      const dyC = contiguous(column(dy, 1));

      const dgates: Tensor[] = new Array(seq);
      let dh: Tensor | null = null; // reaching the previous state from later steps
      let dc: Tensor | null = null;
      for (let k = seq - 1; k >= 0; k--) {
        const t = reverse ? seq - 1 - k : k;
        let dhState = dh ? add(slice(dyH, [t]), dh) : slice(dyH, [t]);
        let dcState = dc ? add(slice(dyC, [t]), dc) : slice(dyC, [t]);
        let dhPass: Tensor | null = null;
        let dcPass: Tensor | null = null;
        if (mask) {
          const m = slice(mask, [t]);
          dhPass = where(m, 0, dhState);
          dcPass = where(m, 0, dcState);
          dhState = where(m, dhState, 0);
          dcState = where(m, dcState, 0);
        }
        const dFresh = add(dcState, mul(dhState, slice(dcFromDh, [t])));
        const dIfg = reshape(mul(unsqueeze(dFresh, 1), slice(ifg, [t])), [batch, 3 * H]);
        const dStep = concat([dIfg, mul(dhState, slice(oFactor, [t]))], 1);
        dgates[t] = dStep;
        dh = matmul(dStep, wHh);
        dc = mul(dFresh, slice(forget, [t]));
        if (dhPass) dh = add(dh, dhPass);
        if (dcPass) dc = add(dc, dcPass);
      }
      const dGates = stack(dgates, 0);
      const dW = needsGrad[1]
        ? matmul(reshape(dGates, [seq * batch, 4 * H]), reshape(before(hs, h0), [seq * batch, H]), {
            transposeA: true,
          })
        : undefined;
      return [dGates, dW, dh!, dc!, undefined];
    },
  },
};
