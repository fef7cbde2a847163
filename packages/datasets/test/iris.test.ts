import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { iris } from "../src/iris.js";

registerBackend("cpu", createCpuBackend);

describe("iris", () => {
  it("holds 150 flowers, 4 measurements, 50 of each species", () => {
    using d = iris();
    expect(d.x.shape).toEqual([150, 4]);
    expect(d.x.dtype).toBe("float32");
    expect(d.y.dtype).toBe("int32");
    const y = [...d.y.dataSync()];
    expect([0, 1, 2].map((c) => y.filter((v) => v === c).length)).toEqual([50, 50, 50]);
    expect(d.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    expect(d.featureNames).toHaveLength(4);
  });

  it("has Fisher's first and last rows (UCI iris.data)", () => {
    using d = iris();
    const x = d.x.toArray() as number[][];
    expect(x[0]!.map((v) => Number(v.toFixed(4)))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(x[149]!.map((v) => Number(v.toFixed(4)))).toEqual([5.9, 3.0, 5.1, 1.8]);
    expect(d.y.dataSync()[0]).toBe(0);
    expect(d.y.dataSync()[149]).toBe(2);
  });
});
