import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, randn, registerBackend, slice, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { dense, sequential } from "../src/builders.js";
import { GRU } from "../src/layers/gru.js";
import { LSTM } from "../src/layers/lstm.js";
import type { RNN } from "../src/layers/rnn.js";
import { gru, lstm, simpleRnn } from "../src/rnn-builders.js";

registerBackend("cpu", createCpuBackend);

describe("recurrent builders", () => {
  it("chain in a sequential with inferred sizes and PyTorch state-dict keys", () => {
    const model = sequential([
      lstm(6, { returnSequences: true, inputShape: [5, 3] }),
      gru(4, { bidirectional: true }),
      dense(2),
    ]);
    expect(model.at(0)).toBeInstanceOf(LSTM);
    expect(model.at(1)).toBeInstanceOf(GRU);
    expect(Object.keys(model.stateDict()).slice(0, 5)).toEqual([
      "0.weight_ih_l0",
      "0.weight_hh_l0",
      "0.bias_ih_l0",
      "0.bias_hh_l0",
      "1.weight_ih_l0",
    ]);
    expect(model.stateDict()["1.weight_ih_l0_reverse"]!.shape).toEqual([12, 6]);
    expect(model.stateDict()["2.weight"]!.shape).toEqual([2, 8]);
    const y = tidy(() => model.call(ones([7, 5, 3])));
    expect(y.shape).toEqual([7, 2]);
    expect(model.at(1).toString()).toBe(
      "GRULastStep(inputSize=6, hiddenSize=4, batchFirst=true, bidirectional=true, returnSequences=false)",
    );
    y.dispose();
    model.dispose();
  });

  it("return the last step's hidden state: the output at t = T−1 forwards, at t = 0 backwards", () => {
    const model = sequential([simpleRnn(3, { inputShape: [4, 2], bidirectional: true })]);
    const layer = model.at(0) as RNN;
    const x = randn([2, 4, 2]);
    const last = model.call(x);
    const { output } = layer.run(x);
    const fwd = slice(output, [null, 3, [0, 3]]);
    const bwd = slice(output, [null, 0, [3, 6]]);
    expect(last.shape).toEqual([2, 6]);
    const got = last.toArray() as number[][];
    const f = fwd.toArray() as number[][];
    const b = bwd.toArray() as number[][];
    for (const [i, row] of got.entries()) expect(row).toEqual([...f[i]!, ...b[i]!]);
    for (const t of [x, last, output, fwd, bwd]) t.dispose();
    model.dispose();
  });

  it("apply Keras initializers and name a wrong input shape", () => {
    const model = sequential([
      simpleRnn(3, {
        inputShape: [4, 2],
        activation: "relu",
        biasInitializer: "zeros",
        returnSequences: true,
      }),
    ]);
    expect(Array.from(model.stateDict()["0.bias_ih_l0"]!.dataSync())).toEqual([0, 0, 0]);
    expect((model.at(0) as RNN).nonlinearity).toBe("relu");
    expect(model.summary().text).toContain("RNN");
    model.dispose();
    expect(() => sequential([lstm(3, { inputShape: [4] })])).toThrow(
      "lstm: expected an input shape [time, features] (without the batch axis), got [4]",
    );
    expect(() => gru(0)).toThrow("gru: units must be a positive integer, got 0");
  });
});
