import { DTypeError, IndexError, manualSeed, tensor, tidy, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Embedding } from "../src/layers/embedding.js";
import { describeCases, layerCases } from "./layer-fixtures.js";

describe("Embedding against PyTorch", () => {
  describeCases(layerCases("embedding"), it);
});

describe("Embedding", () => {
  it("initialises N(0, 1) with the padding row zero, as PyTorch", () => {
    manualSeed(2);
    const emb = new Embedding(400, 50, { paddingIdx: -1 });
    expect(emb.paddingIdx).toBe(399);
    expect(emb.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([["weight", [400, 50]]]);
    const w = emb.weight.dataSync() as Float32Array;
    expect(Array.from(w.subarray(399 * 50))).toEqual(Array(50).fill(0));
    const body = Array.from(w.subarray(0, 399 * 50));
    const m = body.reduce((a, b) => a + b, 0) / body.length;
    const sd = Math.sqrt(body.reduce((a, b) => a + (b - m) ** 2, 0) / body.length);
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(sd).toBeCloseTo(1, 1);
    expect(emb.toString()).toBe("Embedding(numEmbeddings=400, embeddingDim=50, paddingIdx=399)");
    emb.dispose();
  });

  it("looks up indices of any shape, scalar included", () => {
    const emb = new Embedding(3, 2);
    const rows = emb.weight.toArray() as number[][];
    expect(tidy(() => emb.call(tensor(2, "int32")).toArray())).toEqual(rows[2]);
    const y = tidy(() => emb.call(tensor([[[0, 2]], [[1, 1]]], "int32")));
    expect(y.shape).toEqual([2, 1, 2, 2]);
    expect(y.toArray()).toEqual([[[rows[0], rows[2]]], [[rows[1], rows[1]]]]);
    // whole-number floats are accepted, as Keras casts its inputs
    expect(tidy(() => emb.call(tensor([1, 0])).toArray())).toEqual([rows[1], rows[0]]);
    emb.dispose();
  });

  it("gives the padding row no gradient even when it holds a value", () => {
    const emb = new Embedding(4, 2, { paddingIdx: 0 });
    emb.loadStateDict({
      weight: tensor([
        [5, 5],
        [1, 2],
        [3, 4],
        [6, 7],
      ]),
    });
    const y = emb.call(tensor([0, 1, 0, 3], "int32"));
    expect(y.toArray()).toEqual([
      [5, 5],
      [1, 2],
      [5, 5],
      [6, 7],
    ]);
    y.sum().backward();
    expect(emb.weight.grad!.toArray()).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
      [1, 1],
    ]);
    emb.dispose();
  });

  it("raises IndexError naming an out-of-range index, DTypeError for non-integers", () => {
    const emb = new Embedding(10, 3);
    expect(() =>
      emb.call(
        tensor(
          [
            [1, 2],
            [10, 0],
          ],
          "int32",
        ),
      ),
    ).toThrow(IndexError);
    expect(() =>
      emb.call(
        tensor(
          [
            [1, 2],
            [10, 0],
          ],
          "int32",
        ),
      ),
    ).toThrow(
      "Embedding: index 10 is out of range for 10 embeddings (expected 0 ≤ index < 10) at flat position 2 of indices [2,2]",
    );
    expect(() => emb.call(tensor([-1], "int32"))).toThrow("Embedding: index -1 is out of range");
    expect(() => emb.call(tensor([0.5]))).toThrow(DTypeError);
    expect(() => emb.call(tensor([true]))).toThrow(
      "Embedding: expected int32 indices, got bool of shape [1]",
    );
    expect(() => new Embedding(10, 3, { paddingIdx: 10 })).toThrow(ValueError);
    emb.dispose();
  });
});
