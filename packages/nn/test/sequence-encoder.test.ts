import { noGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, reshape, slice, type Tensor, tensor, transpose } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { dense, sequential } from "../src/builders.js";
import { SequenceEncoder, sequenceEncoder } from "../src/layers/sequence-encoder.js";

registerBackend("cpu", createCpuBackend);

const values = (t: Tensor) => Array.from(t.dataSync() as Float32Array);

function expectClose(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    expect(g).toBeCloseTo(want[i]!, 5);
  });
}

/** The final states of the encoder's own RNN run on one unpadded sequence: [dirs·hidden]. */
function unpadded(enc: SequenceEncoder, ids: number[]): number[] {
  return noGrad(() => {
    const vectors = enc.embedding.call(tensor([ids], "int32"));
    const { hN } = enc.rnn.run(vectors); // [layers·dirs, 1, hidden]
    const dirs = enc.rnn.numDirections;
    const top = slice(hN, [[hN.shape[0]! - dirs, hN.shape[0]!]]);
    return values(reshape(transpose(top, 0, 1), [1, -1]));
  });
}

describe("SequenceEncoder", () => {
  for (const cell of ["lstm", "gru"] as const)
    for (const bidirectional of [false, true])
      it(`ignores padding whichever way it reads: ${cell}, bidirectional ${bidirectional}`, () => {
        const enc = new SequenceEncoder(12, 5, 4, { cell, bidirectional, numLayers: 2 });
        enc.eval();
        const a = [3, 7, 11, 2];
        const b = [5, 9];
        const out = noGrad(() =>
          enc.call(
            tensor(
              [
                [...a, 0, 0],
                [...b, 0, 0, 0, 0],
              ],
              "int32",
            ),
          ),
        );
        const dirs = bidirectional ? 2 : 1;
        expect(out.shape).toEqual([2, 4 * dirs]);
        expectClose(values(out).slice(0, 4 * dirs), unpadded(enc, a));
        expectClose(values(out).slice(4 * dirs), unpadded(enc, b));
      });

  it("gives the initial (zero) state for a sequence of padding only", () => {
    const enc = new SequenceEncoder(5, 3, 2, { bidirectional: true });
    const out = noGrad(() => enc.call(tensor([[0, 0, 0]], "int32")));
    expect(values(out)).toEqual([0, 0, 0, 0]);
  });

  it("keeps the padding row of its embedding at zero while training", () => {
    const model = sequential([sequenceEncoder(6, 3, 2, { inputShape: [4] }), dense(1)]);
    const x = tensor(
      [
        [1, 2, 0, 0],
        [3, 4, 5, 0],
      ],
      "int32",
    );
    model.call(x).sum().backward();
    const enc = model.at(0) as SequenceEncoder;
    const grad = enc.embedding.weight.grad!.toArray() as number[][];
    expect(grad[0]).toEqual([0, 0, 0]);
    expect(grad[1]!.some((g) => g !== 0)).toBe(true);
  });

  it("builds in sequential with the output width dirs·units", () => {
    const model = sequential([sequenceEncoder(20, 4, 3, { bidirectional: true, inputShape: [7] }), dense(2)]);
    expect(noGrad(() => model.call(tensor([[1, 2, 3, 0, 0, 0, 0]], "int32"))).shape).toEqual([1, 2]);
    expect(() => sequential([sequenceEncoder(20, 4, 3, { inputShape: [7, 2] })])).toThrow(
      /expected samples of token ids \[time\], got \[7,2\]/,
    );
  });

  it("casts whole-number float ids; rejects a wrong rank and an unknown cell", () => {
    const enc = new SequenceEncoder(5, 3, 2);
    expect(values(noGrad(() => enc.call(tensor([[1, 2, 0]]))))).toEqual(
      values(noGrad(() => enc.call(tensor([[1, 2, 0]], "int32")))),
    );
    expect(() => enc.call(tensor([1, 2], "int32"))).toThrow(
      /expected token ids of shape \[batch, time\], got \[2\]/,
    );
    expect(() => new SequenceEncoder(5, 3, 2, { cell: "rnn" as "lstm" })).toThrow(
      /cell must be "lstm" or "gru"/,
    );
  });
});
