import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend, ShapeError, tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { toHost, toLabels } from "../src/input.js";

registerBackend("cpu", createCpuBackend);

describe("toHost", () => {
  it("reads tensors, typed arrays and nested arrays as float64 with their shape", () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(toHost(t, "x", "op")).toEqual({
      data: Float64Array.from([1, 2, 3, 4]),
      shape: [2, 2],
      dtype: "float32",
    });
    expect(toHost(new Float32Array([0.5]), "x", "op").dtype).toBe("float32");
    expect(toHost([[1], [2]], "x", "op").shape).toEqual([2, 1]);
    t.dispose();
  });

  it("leaves no tensor behind and does not dispose the caller's", () => {
    const before = memory().numTensors;
    const t = tensor([1, 2, 3]);
    toHost(t, "x", "op");
    expect(t.isDisposed).toBe(false);
    t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("refuses ragged rows and tensors of rank 3", () => {
    expect(() => toHost([[1, 2], [3]], "yScore", "op")).toThrow(/ragged: row 0 has 2 values, row 1 has 1/);
    const t = tensor([[[1]]]);
    expect(() => toHost(t, "x", "op")).toThrow(ShapeError);
    t.dispose();
  });
});

describe("toLabels", () => {
  it("takes the first argmax of each row of [n, k] scores", () => {
    expect([
      ...toLabels(
        [
          [0.1, 0.7, 0.7],
          [3, 1, 2],
        ],
        "y",
        "op",
      ),
    ]).toEqual([1, 0]);
  });

  it("refuses non-integer 1-D values", () => {
    expect(() => toLabels([0, 0.3], "yPred", "f1")).toThrow(ValueError);
    expect(() => toLabels([0, 0.3], "yPred", "f1")).toThrow(/f1: yPred holds 0.3 at index 1/);
  });
});
