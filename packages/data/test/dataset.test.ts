import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { TensorDataset } from "../src/loader/dataset.js";

registerBackend("cpu", createCpuBackend);

describe("TensorDataset", () => {
  it("gives row i of each tensor, and batches by index", () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const y = tensor([0, 1, 2], "int32");
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(3);
    const before = memory().numTensors;
    const [xi, yi] = ds.get(1);
    expect(xi.toArray()).toEqual([3, 4]);
    expect(yi.item()).toBe(1);
    expect(ds.get(-1)[0].toArray()).toEqual([5, 6]);
    const [xb, yb] = ds.getBatch([2, 0]);
    expect(xb.toArray()).toEqual([
      [5, 6],
      [1, 2],
    ]);
    expect(yb.toArray()).toEqual([2, 0]);
    for (const t of [xi, yi, xb, yb]) t.dispose();
    expect(memory().numTensors).toBe(before + 2); // ds.get(-1) left undisposed on purpose: 2 views
    x.dispose();
    y.dispose();
  });

  it("rejects mismatched first dimensions and out-of-range indices", () => {
    const a = tensor([[1], [2]]);
    const b = tensor([1, 2, 3]);
    expect(() => new TensorDataset(a, b)).toThrow(/tensor 0 is \[2,1\], tensor 1 is \[3\]/);
    expect(() => new TensorDataset(a).get(2)).toThrow(/index 2 is out of range for 2 samples/);
    a.dispose();
    b.dispose();
  });
});
