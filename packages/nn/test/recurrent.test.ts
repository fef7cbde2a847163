import { noGrad, requiresGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { manualSeed, memory, randn, registerBackend, sum, tensor, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { GRU } from "../src/layers/gru.js";
import { LSTM } from "../src/layers/lstm.js";

registerBackend("cpu", createCpuBackend);

// Behaviour shared by RNN, LSTM and GRU (layers/recurrent.ts); PyTorch equality is in rnn/lstm/gru.test.ts.
describe("recurrent layers", () => {
  it("drop out between layers in training only", () => {
    manualSeed(1);
    const lstm = new LSTM(3, 4, { numLayers: 2, dropout: 0.5 });
    const plain = new LSTM(3, 4, { numLayers: 2 });
    plain.loadStateDict(lstm.stateDict());
    const x = randn([5, 2, 3]);
    const [a, b, c] = noGrad(() => [lstm.call(x), lstm.call(x), plain.call(x)]);
    expect(a.toArray()).not.toEqual(b.toArray());
    lstm.eval();
    const d = noGrad(() => lstm.call(x));
    expect(d.toArray()).toEqual(c.toArray());
    expect(lstm.toString()).toBe("LSTM(inputSize=3, hiddenSize=4, numLayers=2, dropout=0.5)");
    for (const t of [x, a, b, c, d]) t.dispose();
    for (const m of [lstm, plain]) m.dispose();
  });

  it("keep only what they return, with or without gradients", () => {
    const gru = new GRU(3, 4, { numLayers: 2, bidirectional: true });
    const x = randn([6, 2, 3]);
    const before = memory().numTensors;
    const y = noGrad(() => gru.call(x));
    expect(memory().numTensors).toBe(before + 1);
    y.dispose();
    // With gradients the tape holds handles of what backward needs, until backward frees them.
    const { output, hN } = gru.run(x, { lengths: [6, 3] });
    const loss = tidy(() => sum(output).add(sum(hN)));
    loss.backward();
    for (const t of [output, hN, loss]) t.dispose();
    for (const p of gru.parameters()) {
      expect(p.grad).not.toBeNull();
      p.grad = null;
    }
    expect(memory().numTensors).toBe(before);
    x.dispose();
    gru.dispose();
  });

  it("take lengths as an int tensor, and hold the initial state through an empty sequence", () => {
    const lstm = new LSTM(2, 3, { batchFirst: true });
    const x = randn([2, 4, 2]);
    const h0 = requiresGrad(randn([1, 2, 3]));
    const c0 = randn([1, 2, 3]);
    const fromArray = lstm.run(x, { hx: [h0, c0], lengths: [4, 0] });
    const fromTensor = lstm.run(x, { hx: [h0, c0], lengths: tensor([4, 0], "int32") });
    expect(fromTensor.output.toArray()).toEqual(fromArray.output.toArray());
    const out = fromArray.output.toArray() as number[][][];
    expect(out[1]!.flat()).toEqual(new Array(12).fill(0));
    expect((fromArray.hN.toArray() as number[][][])[0]![1]).toEqual((h0.toArray() as number[][][])[0]![1]);
    expect((fromArray.cN.toArray() as number[][][])[0]![1]).toEqual((c0.toArray() as number[][][])[0]![1]);
    for (const r of [fromArray, fromTensor]) for (const t of Object.values(r)) t.dispose();
    for (const t of [x, h0, c0]) t.dispose();
    lstm.dispose();
  });
});
