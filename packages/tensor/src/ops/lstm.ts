import { ShapeError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { formatShape } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { add, mul, sub } from "./arithmetic.js";
import { where } from "./compare.js";
import { fullOn, zeros } from "./creation.js";
import { concat, stack } from "./join.js";
import { matmul } from "./matmul.js";
import { sigmoid } from "./unary.js";
import { reshape, slice } from "./views.js";

/** Options of {@link lstmSequence}. */
export interface LstmSequenceOptions {
  /** Run from the last step to the first (the backward direction of a bidirectional layer). Default false. */
  readonly reverse?: boolean;
  /**
   * `[seq, batch, 1]` bool: false where a step lies past its sequence's end. There the state is
   * carried over unchanged (the step's `h` and `c` columns repeat the previous state).
   */
  readonly mask?: Tensor;
}

/** Columns of {@link lstmSequence}'s output, in units of the hidden size. */
const LSTM_SEQUENCE_COLUMNS = 7;

/**
 * The recurrence of one LSTM layer in one direction over a whole sequence, as one differentiable
 * op (what cuDNN and PyTorch's fused LSTM do): per step, `[i f g o] = gates[t] + h·W_hhᵀ`,
 * `c' = σ(f)⊙c + σ(i)⊙tanh(g)`, `h' = σ(o)⊙tanh(c')`, gates in PyTorch's order. `gates` is the
 * input's share for every step, `x·W_ihᵀ + b_ih + b_hh` (`[seq, batch, 4·hidden]`, one matmul
 * beforehand). Recorded as one node, its gradient is backpropagation through time with a
 * handful of ops per step, where a composition of primitives records about fifteen ops per step
 * and pays for each of them in the backward pass (see autograd's `lstmSequence` rule).
 *
 * Returns `[seq, batch, 7·hidden]`: per step (in time order) the state after it, `h` and `c`,
 * then what the backward pass reuses: `σ(i)`, `σ(f)`, `σ(2g)`, `σ(o)` and `tanh(c')`. Only the
 * `h` and `c` columns are differentiable outputs; the gradient of the other five is ignored.
 * Gradients of gradients are not supported.
 *
 * tanh is computed as `2σ(2v) − 1` (within about 1e-7 of tanh in float32): one sigmoid over all
 * four gates and one for the cell state are cheaper than separate sigmoid and tanh kernels (on
 * the wasm backend, tanh costs about four sigmoids per element).
 *
 * @example
 * ```ts
 * // One layer, hidden 16, over x [seq, batch, in]:
 * const gates = add(matmul(x, wIh, { transposeB: true }), add(bIh, bHh));
 * const out = lstmSequence(gates, wHh, zeros([batch, 16]), zeros([batch, 16]));
 * const hs = slice(out, [null, null, [0, 16]]); // [seq, batch, 16], the output sequence
 * ```
 */
export function lstmSequence(
  gates: Tensor,
  wHh: Tensor,
  h0: Tensor,
  c0: Tensor,
  options: LstmSequenceOptions = {},
): Tensor {
  const reverse = options.reverse ?? false;
  const mask = options.mask;
  checkShapes(gates, wHh, h0, c0, mask);
  const [seq, batch] = gates.shape as [number, number, number];
  const hidden = wHh.shape[1]!;
  const inputs = mask ? [gates, wHh, h0, c0, mask] : [gates, wHh, h0, c0];
  return differentiable("lstmSequence", inputs, { reverse }, () =>
    tidy(() => {
      if (seq === 0) return zeros([0, batch, LSTM_SEQUENCE_COLUMNS * hidden], gates.dtype);
      const H = hidden;
      // Pre-activations with the g block doubled, so that one sigmoid covers all four gates
      // (tanh g = 2σ(2g) − 1). Doubling is exact in floating point, so scaling the input share and
      // W_hh's g rows once equals scaling every step's sum.
      const filled = (size: number, value: number) =>
        fullOn(gates.backend, [size], value, gates.dtype, "lstmSequence");
      const scale = concat([filled(2 * H, 1), filled(H, 2), filled(H, 1)], 0);
      const scaledGates = mul(gates, scale);
      const scaledW = mul(wHh, reshape(scale, [4 * H, 1]));
      const steps: Tensor[] = new Array(seq);
      let h = h0;
      let c = c0;
      for (let k = 0; k < seq; k++) {
        const t = reverse ? seq - 1 - k : k;
        const s = sigmoid(add(slice(scaledGates, [t]), matmul(h, scaledW, { transposeB: true })));
        const tG = twiceMinusOne(slice(s, [null, [2 * H, 3 * H]]));
        const fresh = add(mul(slice(s, [null, [H, 2 * H]]), c), mul(slice(s, [null, [0, H]]), tG));
        const tC = twiceMinusOne(sigmoid(mul(fresh, 2)));
        let hNext = mul(slice(s, [null, [3 * H, 4 * H]]), tC);
        let cNext = fresh;
        if (mask) {
          const m = slice(mask, [t]);
          hNext = where(m, hNext, h);
          cNext = where(m, cNext, c);
        }
        steps[t] = concat([hNext, cNext, s, tC], 1);
        h = hNext;
        c = cNext;
      }
      return stack(steps, 0);
    }),
  );
}

/** `2x − 1`: turns σ(2v) into tanh(v). */
function twiceMinusOne(x: Tensor): Tensor {
  return sub(mul(x, 2), 1);
}

function checkShapes(gates: Tensor, wHh: Tensor, h0: Tensor, c0: Tensor, mask: Tensor | undefined): void {
  const all = () =>
    `gates ${formatShape(gates.shape)}, wHh ${formatShape(wHh.shape)}, h0 ${formatShape(h0.shape)}, ` +
    `c0 ${formatShape(c0.shape)}${mask ? `, mask ${formatShape(mask.shape)}` : ""}`;
  const fail = (rule: string) => {
    throw new ShapeError(`lstmSequence: ${rule}; got ${all()}`);
  };
  if (wHh.rank !== 2 || wHh.shape[0] !== 4 * wHh.shape[1]!) fail("wHh must be [4·hidden, hidden]");
  const hidden = wHh.shape[1]!;
  if (gates.rank !== 3 || gates.shape[2] !== 4 * hidden) fail("gates must be [seq, batch, 4·hidden]");
  const [seq, batch] = gates.shape as [number, number];
  for (const s of [h0, c0])
    if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== hidden)
      fail("h0 and c0 must be [batch, hidden]");
  if (mask && (mask.dtype !== "bool" || mask.rank !== 3 || mask.shape[0] !== seq || mask.shape[1] !== batch))
    fail("mask must be bool [seq, batch, 1]");
  if (mask && mask.shape[2] !== 1) fail("mask must be bool [seq, batch, 1]");
}
