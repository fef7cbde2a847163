import { describe, expect, it } from "vitest";
import { alloc, dtypeOf } from "../src/alloc.js";

describe("alloc and dtypeOf", () => {
  it("allocate the host array of each dtype, zero-filled, and map it back", () => {
    for (const [dtype, type] of [
      ["float32", Float32Array],
      ["int32", Int32Array],
      ["bool", Uint8Array],
      ["float64", Float64Array],
    ] as const) {
      const a = alloc(dtype, 3);
      expect(a).toBeInstanceOf(type);
      expect(Array.from(a)).toEqual([0, 0, 0]);
      expect(dtypeOf(a)).toBe(dtype);
    }
  });
});
