import { describe, expect, it } from "vitest";
import { mapBinary, mapUnary } from "../src/elementwise.js";
import { rawView } from "./helpers.js";

describe("mapUnary and mapBinary", () => {
  it("hand each row's start, step and output position to the row function", () => {
    const calls: number[][] = [];
    // A transposed [2,3] view: two rows of three, step 2 in storage.
    const x = rawView(new Float32Array(6), "float32", [2, 3], [1, 2]);
    mapUnary(x, "float32", (_a, i, s, _o, k, n) => {
      calls.push([i, s, k, n]);
    });
    expect(calls).toEqual([
      [0, 2, 0, 3],
      [1, 2, 3, 3],
    ]);
  });

  it("allocate the output in the requested dtype and walk two operands together", () => {
    const a = rawView(new Int32Array([1, 2, 3]), "int32", [2, 3], [0, 1]);
    const b = rawView(new Int32Array([10, 20]), "int32", [2, 3], [1, 0]);
    const out = mapBinary(a, b, "float64", (x, i, si, y, j, sj, o, k, n) => {
      for (const end = k + n; k < end; k++, i += si, j += sj) o[k] = x[i]! + y[j]!;
    });
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(out)).toEqual([11, 12, 13, 21, 22, 23]);
  });

  it("never call the row function for an empty shape", () => {
    let called = false;
    const out = mapUnary(rawView(new Float32Array(0), "float32", [0, 5], [5, 1]), "int32", () => {
      called = true;
    });
    expect(called).toBe(false);
    expect(out).toBeInstanceOf(Int32Array);
  });
});
