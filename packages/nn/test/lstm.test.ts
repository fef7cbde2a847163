import { requiresGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import * as tk from "@tensorkit/tensor";
import { ones, registerBackend, zeros } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { LSTM } from "../src/layers/lstm.js";
import { type DirectionResult, type DirectionRun, RecurrentBase } from "../src/layers/recurrent.js";
import { checkRecurrentCase, expectClose, liveTensors, recurrentCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

type Recur = (this: LSTM, run: DirectionRun) => DirectionResult;

/** An LSTM on the generic path: PyTorch's cell (LSTM.step) composed of recorded ops, one call per step. */
class StepwiseLSTM extends LSTM {
  protected override recur(run: DirectionRun): DirectionResult {
    return (RecurrentBase.prototype as unknown as { recur: Recur }).recur.call(this, run);
  }
}

/** Outputs and the gradients of Σ output·g1 + Σ hN·g2 + Σ cN·g3 with respect to x, h0, c0 and every parameter. */
function outputsAndGradients(lstm: LSTM, seed: number): Record<string, tk.Tensor> {
  const gen = new tk.Generator(seed);
  const x = requiresGrad(tk.randn([9, 4, 3], { generator: gen }));
  const h0 = requiresGrad(tk.randn([4, 4, 5], { generator: gen }));
  const c0 = requiresGrad(tk.randn([4, 4, 5], { generator: gen }));
  const { output, hN, cN } = lstm.run(x, { hx: [h0, c0], lengths: [9, 5, 1, 7] });
  const loss = tk.tidy(() =>
    [output, hN, cN]
      .map((t) => tk.sum(tk.mul(t, tk.randn(t.shape, { generator: gen }))))
      .reduce((a, b) => tk.add(a, b)),
  );
  loss.backward();
  const result: Record<string, tk.Tensor> = { output, hN, cN };
  // Copies: disposing the leaves (below) disposes their .grad.
  for (const [name, t] of Object.entries({ x, h0, c0 })) result[`grad ${name}`] = tk.clone(t.grad!);
  for (const [name, p] of lstm.namedParameters()) result[`grad ${name}`] = p.grad!;
  for (const t of [loss, x, h0, c0]) t.dispose();
  return result;
}

describe("LSTM", () => {
  for (const [name, c] of recurrentCases("LSTM")) {
    it(`equals PyTorch's nn.LSTM, outputs and gradients: ${name}`, () => {
      const { mode: _mode, inputSize, hiddenSize, nonlinearity: _n, ...options } = c.options;
      checkRecurrentCase(c, new LSTM(inputSize, hiddenSize, options), (m, x, inputs) => {
        const { output, hN, cN } = m.run(x, {
          ...(inputs.h0 && inputs.c0 ? { hx: [inputs.h0, inputs.c0] as const } : {}),
          ...(inputs.lengths ? { lengths: inputs.lengths } : {}),
        });
        return { output, hN, cN };
      });
    });
  }

  it("fuses the recurrence into one op that equals PyTorch's cell composed step by step, outputs and gradients", () => {
    // Two layers, both directions, h0/c0, lengths that cut sequences short: every path of the op.
    const options = { numLayers: 2, bidirectional: true } as const;
    const fused = new LSTM(3, 5, options);
    const stepwise = new StepwiseLSTM(3, 5, options);
    stepwise.loadStateDict(Object.fromEntries(fused.namedParameters()));
    const before = liveTensors();
    const want = outputsAndGradients(stepwise, 7);
    const got = outputsAndGradients(fused, 7);
    for (const [k, w] of Object.entries(want)) {
      const data = Array.from(w.dataSync() as ArrayLike<number>);
      expectClose(got[k]!, { shape: [...w.shape], dtype: "float32", data }, k);
    }
    for (const t of [...Object.values(want), ...Object.values(got)]) t.dispose();
    for (const m of [fused, stepwise]) for (const p of m.parameters()) p.grad = null;
    expect(liveTensors()).toBeLessThanOrEqual(before);
    fused.dispose();
    stepwise.dispose();
  });

  it("has PyTorch's parameter names and shapes (4 gates)", () => {
    const lstm = new LSTM(3, 5, { numLayers: 2 });
    expect(Object.fromEntries(lstm.namedParameters().map(([n, p]) => [n, p.shape]))).toEqual({
      weight_ih_l0: [20, 3],
      weight_hh_l0: [20, 5],
      bias_ih_l0: [20],
      bias_hh_l0: [20],
      weight_ih_l1: [20, 5],
      weight_hh_l1: [20, 5],
      bias_ih_l1: [20],
      bias_hh_l1: [20],
    });
    lstm.dispose();
  });

  it("names the layer and both shapes for a wrong c0, and returns the output from call()", () => {
    const lstm = new LSTM(2, 3, { batchFirst: true, bidirectional: true });
    expect(() => lstm.run(ones([4, 5, 2]), { hx: [zeros([2, 4, 3]), zeros([2, 5, 3])] })).toThrow(
      "LSTM: expected c0 of shape [2,4,3], got [2,5,3]",
    );
    const y = lstm.call(ones([4, 5, 2]));
    expect(y.shape).toEqual([4, 5, 6]);
    y.dispose();
    lstm.dispose();
  });
});
