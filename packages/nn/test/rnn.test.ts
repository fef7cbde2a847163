import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, tensor, zeros } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { RNN } from "../src/layers/rnn.js";
import { checkRecurrentCase, recurrentCases } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

describe("RNN", () => {
  for (const [name, c] of recurrentCases("RNN")) {
    it(`equals PyTorch's nn.RNN, outputs and gradients: ${name}`, () => {
      const { mode: _mode, inputSize, hiddenSize, ...options } = c.options;
      checkRecurrentCase(c, new RNN(inputSize, hiddenSize, options), (m, x, inputs) => {
        const { output, hN } = m.run(x, {
          ...(inputs.h0 ? { hx: inputs.h0 } : {}),
          ...(inputs.lengths ? { lengths: inputs.lengths } : {}),
        });
        return { output, hN };
      });
    });
  }

  it("has PyTorch's parameter names, shapes and order", () => {
    const rnn = new RNN(3, 4, { numLayers: 2, bidirectional: true });
    expect(rnn.namedParameters().map(([n, p]) => `${n}:${p.shape.join("x")}`)).toEqual([
      "weight_ih_l0:4x3",
      "weight_hh_l0:4x4",
      "bias_ih_l0:4",
      "bias_hh_l0:4",
      "weight_ih_l0_reverse:4x3",
      "weight_hh_l0_reverse:4x4",
      "bias_ih_l0_reverse:4",
      "bias_hh_l0_reverse:4",
      "weight_ih_l1:4x8",
      "weight_hh_l1:4x4",
      "bias_ih_l1:4",
      "bias_hh_l1:4",
      "weight_ih_l1_reverse:4x8",
      "weight_hh_l1_reverse:4x4",
      "bias_ih_l1_reverse:4",
      "bias_hh_l1_reverse:4",
    ]);
    const bound = 1 / Math.sqrt(4);
    for (const p of rnn.parameters()) {
      for (const v of p.dataSync() as Float32Array) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    }
    expect(new RNN(2, 3, { bias: false }).namedParameters().map(([n]) => n)).toEqual([
      "weight_ih_l0",
      "weight_hh_l0",
    ]);
    expect(rnn.toString()).toBe("RNN(inputSize=3, hiddenSize=4, numLayers=2, bidirectional=true)");
    expect(new RNN(2, 3, { nonlinearity: "relu", batchFirst: true }).toString()).toBe(
      "RNN(inputSize=2, hiddenSize=3, batchFirst=true, nonlinearity='relu')",
    );
    rnn.dispose();
  });

  it("call(x) returns the output sequence, so it fits in a Sequential", () => {
    const rnn = new RNN(2, 3, { batchFirst: true });
    const y = rnn.call(ones([4, 5, 2]));
    expect(y.shape).toEqual([4, 5, 3]);
    y.dispose();
    rnn.dispose();
  });

  it("names the layer, the expected and the actual shape on a wrong input or state", () => {
    const rnn = new RNN(3, 4, { numLayers: 2 });
    expect(() => rnn.call(ones([5, 2, 7]))).toThrow(
      "RNN: expected input of shape [seq, batch, 3] (or [seq, 3] unbatched), got [5,2,7]",
    );
    expect(() => rnn.call(ones([3]))).toThrow(
      "RNN: expected input of shape [seq, batch, 3] (or [seq, 3] unbatched), got [3]",
    );
    expect(() => rnn.run(ones([5, 2, 3]), { hx: zeros([1, 2, 4]) })).toThrow(
      "RNN: expected h0 of shape [2,2,4], got [1,2,4]",
    );
    const bf = new RNN(3, 4, { batchFirst: true });
    expect(() => bf.call(ones([2, 5, 4]))).toThrow(
      "RNN: expected input of shape [batch, seq, 3] (or [seq, 3] unbatched), got [2,5,4]",
    );
    expect(() => new RNN(3, 4, { nonlinearity: "gelu" as "relu" })).toThrow(
      "RNN: nonlinearity must be 'tanh' or 'relu', got 'gelu'",
    );
    expect(() => new RNN(3, 0)).toThrow("RNN: hiddenSize must be an integer ≥ 1, got 0");
    expect(() => rnn.run(ones([5, 2, 3]), { lengths: [5, 6] })).toThrow(
      "RNN: lengths[1] must be an integer in [0, 5] (the sequence length), got 6",
    );
    expect(() => rnn.run(ones([5, 2, 3]), { lengths: [5] })).toThrow(
      "RNN: expected 2 lengths (one per batch entry), got 1",
    );
    expect(() => rnn.run(ones([5, 2, 3]), { lengths: tensor([5, 1]) })).toThrow(
      /lengths must be a 1-D int tensor/,
    );
    for (const m of [rnn, bf]) m.dispose();
  });
});
