import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { GRU } from "../src/layers/gru.js";
import { checkRecurrentCase, recurrentCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

describe("GRU", () => {
  for (const [name, c] of recurrentCases("GRU")) {
    it(`equals PyTorch's nn.GRU, outputs and gradients: ${name}`, () => {
      const { mode: _mode, inputSize, hiddenSize, nonlinearity: _n, ...options } = c.options;
      checkRecurrentCase(c, new GRU(inputSize, hiddenSize, options), (m, x, inputs) => {
        const { output, hN } = m.run(x, {
          ...(inputs.h0 ? { hx: inputs.h0 } : {}),
          ...(inputs.lengths ? { lengths: inputs.lengths } : {}),
        });
        return { output, hN };
      });
    });
  }

  it("has PyTorch's parameter names and shapes (3 gates)", () => {
    const gru = new GRU(3, 5, { bidirectional: true });
    expect(Object.fromEntries(gru.namedParameters().map(([n, p]) => [n, p.shape]))).toEqual({
      weight_ih_l0: [15, 3],
      weight_hh_l0: [15, 5],
      bias_ih_l0: [15],
      bias_hh_l0: [15],
      weight_ih_l0_reverse: [15, 3],
      weight_hh_l0_reverse: [15, 5],
      bias_ih_l0_reverse: [15],
      bias_hh_l0_reverse: [15],
    });
    gru.dispose();
  });

  it("names the layer and both shapes on a wrong input", () => {
    const gru = new GRU(3, 5);
    expect(() => gru.call(ones([2, 3, 4, 3]))).toThrow(
      "GRU: expected input of shape [seq, batch, 3] (or [seq, 3] unbatched), got [2,3,4,3]",
    );
    gru.dispose();
  });
});
