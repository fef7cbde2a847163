import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, zeros } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { LSTM } from "../src/layers/lstm.js";
import { checkRecurrentCase, recurrentCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

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
