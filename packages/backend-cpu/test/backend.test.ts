import { OPTIONAL_KERNELS, REQUIRED_KERNELS } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { createCpuBackend } from "../src/index.js";

describe("createCpuBackend", () => {
  it("is named cpu and stores the four dtypes", () => {
    const b = createCpuBackend();
    expect(b.name).toBe("cpu");
    expect([...b.dtypes].sort()).toEqual(["bool", "float32", "float64", "int32"]);
  });

  it("implements every required and every optional kernel of the contract", () => {
    const { kernels } = createCpuBackend();
    const table = kernels as unknown as Record<string, unknown>;
    for (const name of [...REQUIRED_KERNELS, ...OPTIONAL_KERNELS]) {
      expect(typeof table[name], name).toBe("function");
    }
    // Nothing beyond the contract, so a misspelt kernel cannot hide in the table.
    expect(Object.keys(kernels).sort()).toEqual([...REQUIRED_KERNELS, ...OPTIONAL_KERNELS].sort());
  });

  it("returns independent backends and round-trips data through write and read", () => {
    const a = createCpuBackend();
    const b = createCpuBackend();
    expect(a).not.toBe(b);
    const s = a.kernels.write(new Float32Array([1, 2, 3]), "float32");
    const y = a.kernels.add(
      { storage: s, dtype: "float32", shape: [3], strides: [1], offset: 0 },
      { storage: s, dtype: "float32", shape: [3], strides: [1], offset: 0 },
    );
    expect(Array.from(a.kernels.read(y, "float32", 3))).toEqual([2, 4, 6]);
  });
});
