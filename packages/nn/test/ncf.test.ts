import { noGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { mul, registerBackend, sub, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { NeuMF } from "../src/layers/ncf.js";
import { binaryCrossEntropyWithLogits } from "../src/losses/binary-cross-entropy.js";

registerBackend("cpu", createCpuBackend);

const rows = (t: { toArray(): unknown }) => t.toArray() as number[][];

/** NeuMF's forward pass by hand, with plain arrays, from the module's weights. */
function reference(m: NeuMF, user: number, item: number): number {
  const ug = rows(m.embedUserGmf.weight)[user]!;
  const ig = rows(m.embedItemGmf.weight)[item]!;
  const gmf = ug.map((v, k) => v * ig[k]!);
  let h = [...rows(m.embedUserMlp.weight)[user]!, ...rows(m.embedItemMlp.weight)[item]!];
  const linears = m.mlp.layers.filter((l) => "weight" in l) as unknown as {
    weight: { toArray(): unknown };
    bias: { toArray(): unknown };
  }[];
  for (const l of linears) {
    const w = rows(l.weight);
    const b = l.bias.toArray() as number[];
    h = w.map((row, o) =>
      Math.max(
        0,
        row.reduce((s, v, k) => s + v * h[k]!, b[o]!),
      ),
    );
  }
  const z = [...gmf, ...h];
  const w = rows(m.predict.weight)[0]!;
  return z.reduce((s, v, k) => s + v * w[k]!, (m.predict.bias!.toArray() as number[])[0]!);
}

describe("NeuMF", () => {
  it("scores a pair as GMF ⊕ MLP tower → linear, as He et al. (2017) define it", () => {
    const m = new NeuMF(6, 9, { gmfDim: 4, mlpLayers: [8, 6, 3] });
    const pairs = [
      [0, 0],
      [5, 8],
      [2, 3],
      [2, 7],
    ];
    const out = m.call(tensor(pairs, "int32"));
    expect(out.shape).toEqual([4, 1]);
    const got = out.toArray() as number[][];
    pairs.forEach(([u, i], r) => {
      expect(got[r]![0]).toBeCloseTo(reference(m, u!, i!), 5);
    });
  });

  it("has the paper's parts: two embedding pairs, the tower, the prediction layer", () => {
    const m = new NeuMF(10, 20, { gmfDim: 8, mlpLayers: [16, 8] });
    expect(Object.fromEntries(m.namedParameters().map(([n, p]) => [n, p.shape]))).toEqual({
      "embedUserGmf.weight": [10, 8],
      "embedItemGmf.weight": [20, 8],
      "embedUserMlp.weight": [10, 8],
      "embedItemMlp.weight": [20, 8],
      "mlp.0.weight": [8, 16],
      "mlp.0.bias": [8],
      "predict.weight": [1, 16],
      "predict.bias": [1],
    });
    // Embeddings start N(0, 0.01), as the authors' code: far smaller than Embedding's N(0, 1).
    const e = m.embedUserGmf.weight.dataSync() as Float32Array;
    const std = Math.sqrt(e.reduce((s, v) => s + v * v, 0) / e.length);
    expect(std).toBeGreaterThan(0.005);
    expect(std).toBeLessThan(0.02);
  });

  it("learns which users like which items from labelled pairs", () => {
    // Users 0–1 like items 0–1, users 2–3 like items 2–3: a block structure no popularity explains.
    const m = new NeuMF(4, 4, { gmfDim: 4, mlpLayers: [8, 4] });
    const pairs: number[][] = [];
    const labels: number[] = [];
    for (let u = 0; u < 4; u++)
      for (let i = 0; i < 4; i++) {
        pairs.push([u, i]);
        labels.push(u >> 1 === i >> 1 ? 1 : 0);
      }
    const x = tensor(pairs, "int32");
    const y = tensor(labels.map((l) => [l]));
    const params = m.parameters();
    for (let t = 0; t < 300; t++) {
      binaryCrossEntropyWithLogits(m.call(x), y).backward();
      noGrad(() => {
        for (const p of params) {
          p.assign(sub(p, mul(p.grad!, 0.5)));
          p.grad = null;
        }
      });
    }
    const scores = (m.call(x).toArray() as number[][]).map((r) => r[0]!);
    labels.forEach((l, r) => {
      if (l === 1) expect(scores[r], `pair ${pairs[r]}`).toBeGreaterThan(0);
      else expect(scores[r], `pair ${pairs[r]}`).toBeLessThan(0);
    });
  });

  it("rejects bad options and inputs with the shape or value that is wrong", () => {
    expect(() => new NeuMF(3, 3, { mlpLayers: [7, 4] })).toThrow(/the first even/);
    expect(() => new NeuMF(3, 3, { gmfDim: 0 })).toThrow(/gmfDim must be a positive integer/);
    expect(() => new NeuMF(3, 3, { dropout: 1 })).toThrow(/dropout must be in \[0, 1\)/);
    const m = new NeuMF(3, 3, { mlpLayers: [4, 2] });
    expect(() => m.call(tensor([[0, 1, 2]], "int32"))).toThrow(
      /expected \(user, item\) pairs of shape \[batch, 2\], got \[1,3\]/,
    );
    // Float ids holding whole numbers are cast, as Embedding casts them (summary() probes with floats).
    expect(m.call(tensor([[2, 1]])).toArray()).toEqual(m.call(tensor([[2, 1]], "int32")).toArray());
    expect(() => m.call(tensor([[0.5, 1]]))).toThrow(/Embedding/);
  });
});
