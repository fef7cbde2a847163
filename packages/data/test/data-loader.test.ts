import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend, type Tensor, tensor, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { DataLoader } from "../src/loader/data-loader.js";
import { type Dataset, TensorDataset } from "../src/loader/dataset.js";

registerBackend("cpu", createCpuBackend);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function ids(loader: DataLoader<unknown, [Tensor, Tensor]>): number[][] {
  const out: number[][] = [];
  for (const [, yb] of loader) {
    out.push(yb.toArray() as number[]);
  }
  return out;
}

describe("DataLoader", () => {
  const x = tensor(range(10).map((i) => [i, i]));
  const y = tensor(range(10), "int32");
  const ds = new TensorDataset(x, y);

  it("batches in order, the last batch smaller unless dropLast", () => {
    const l = new DataLoader(ds, { batchSize: 4 });
    expect(l.length).toBe(3);
    expect(ids(l as DataLoader<unknown, [Tensor, Tensor]>)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    const d = new DataLoader(ds, { batchSize: 4, dropLast: true });
    expect(d.length).toBe(2);
    expect(ids(d as DataLoader<unknown, [Tensor, Tensor]>)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });

  it("shuffle: a permutation per epoch, new each epoch, the same sequence for the same seed", () => {
    const a = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 42 }) as DataLoader<
      unknown,
      [Tensor, Tensor]
    >;
    const b = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 42 }) as DataLoader<
      unknown,
      [Tensor, Tensor]
    >;
    const a1 = ids(a);
    const a2 = ids(a);
    expect(a1.flat().sort((p, q) => p - q)).toEqual(range(10));
    expect(a1.map((r) => r.length)).toEqual([3, 3, 3, 1]);
    expect(a2).not.toEqual(a1);
    expect(ids(b)).toEqual(a1);
    expect(ids(b)).toEqual(a2);
    const c = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 43 }) as DataLoader<
      unknown,
      [Tensor, Tensor]
    >;
    expect(ids(c)).not.toEqual(a1);
  });

  it("an epoch leaves memory() flat when batches are disposed", () => {
    const loader = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 0 });
    const before = memory().numTensors;
    for (let epoch = 0; epoch < 3; epoch++)
      for (const [xb, yb] of loader) {
        tidy(() => xb.mul(2).sum()).dispose(); // a training step would go here
        xb.dispose();
        yb.dispose();
      }
    expect(memory().numTensors).toBe(before);
  });

  it("collates a plain Dataset with the default collate (per-sample tensors freed) or a custom one", () => {
    const squares: Dataset<[Tensor, number]> = { length: 5, get: (i) => [tensor([i, i * i]), i] };
    const before = memory().numTensors;
    const batches: number[][][] = [];
    for (const [xb, yb] of new DataLoader(squares, { batchSize: 2 })) {
      batches.push(xb.toArray() as number[][]);
      expect(yb.dtype).toBe("float32");
      xb.dispose();
      yb.dispose();
    }
    expect(batches).toEqual([
      [
        [0, 0],
        [1, 1],
      ],
      [
        [2, 4],
        [3, 9],
      ],
      [[4, 16]],
    ]);
    expect(memory().numTensors).toBe(before);
    const sums = [
      ...new DataLoader(squares, { batchSize: 2, collate: (s) => s.reduce((a, [, i]) => a + i, 0) }),
    ];
    expect(sums).toEqual([1, 5, 4]);
    expect(memory().numTensors).toBe(before);
  });

  it("validates its options", () => {
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => new DataLoader({} as Dataset<number>)).toThrow(/length and a get/);
  });
});
