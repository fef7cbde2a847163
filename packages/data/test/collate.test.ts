import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { defaultCollate } from "../src/loader/collate.js";

registerBackend("cpu", createCpuBackend);

describe("defaultCollate", () => {
  it("stacks tensors, turns numbers into a tensor, collates tuples and objects field by field", () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    const [x, y] = defaultCollate([
      [a, 0],
      [b, 1],
    ] as const);
    expect(x.shape).toEqual([2, 2]);
    expect(y.toArray()).toEqual([0, 1]);
    const o = defaultCollate([{ v: 1.5 }, { v: 2.5 }]);
    expect(o.v.toArray()).toEqual([1.5, 2.5]);
    for (const t of [a, b, x, y, o.v]) t.dispose();
  });

  it("refuses empty batches and uncollatable samples", () => {
    expect(() => defaultCollate([])).toThrow(/empty batch/);
    expect(() => defaultCollate(["a", "b"])).toThrow(/pass a collate function/);
    expect(() => defaultCollate([1, "x" as unknown as number])).toThrow(/sample 1 is not a number/);
  });
});
