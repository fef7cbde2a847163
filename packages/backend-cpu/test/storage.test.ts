import { describe, expect, it } from "vitest";
import { fill, free, read, readAsync, write } from "../src/kernels/storage.js";
import { list } from "./helpers.js";

describe("write", () => {
  it("copies values into a new array of the dtype's type", () => {
    const values = new Float32Array([1, 2, 3]);
    const s = write(values, "float32");
    expect(s).toBeInstanceOf(Float32Array);
    expect(s).not.toBe(values);
    values[0] = 99;
    expect(list(s)).toEqual([1, 2, 3]);
  });

  it("converts another array type with cast's rules", () => {
    expect(list(write(new Float64Array([1.7, -1.7, Number.NaN]), "int32"))).toEqual([1, -1, 0]);
    expect(list(write(new Float64Array([0, 2, Number.NaN]), "bool"))).toEqual([0, 1, 1]);
    expect(write(new Int32Array([3]), "float64")).toBeInstanceOf(Float64Array);
  });

  it("writes an empty array", () => {
    expect(write(new Int32Array(0), "int32").length).toBe(0);
  });
});

describe("read and readAsync", () => {
  it("read copies the first `size` elements", () => {
    const s = new Int32Array([4, 5, 6, 7]);
    const r = read(s, "int32", 2);
    expect(r).toBeInstanceOf(Int32Array);
    expect(list(r)).toEqual([4, 5]);
    r[0] = 0;
    expect(s[0]).toBe(4);
  });

  it("readAsync resolves with the same values", async () => {
    const r = await readAsync(new Float64Array([0.5, 1.5]), "float64", 2);
    expect(r).toBeInstanceOf(Float64Array);
    expect(list(r)).toEqual([0.5, 1.5]);
  });

  it("bool reads as bytes", () => {
    expect(read(new Uint8Array([1, 0, 1]), "bool", 3)).toBeInstanceOf(Uint8Array);
  });
});

describe("fill and free", () => {
  it("fill makes a new storage of one value in each dtype", () => {
    expect(list(fill(3, 2.5, "float32"))).toEqual([2.5, 2.5, 2.5]);
    expect(list(fill(2, -4, "int32"))).toEqual([-4, -4]);
    expect(list(fill(2, 1, "bool"))).toEqual([1, 1]);
    expect(list(fill(2, 0, "float64"))).toEqual([0, 0]);
    expect(list(fill(1, Number.NEGATIVE_INFINITY, "float32"))).toEqual([Number.NEGATIVE_INFINITY]);
    expect(fill(0, 7, "float32").length).toBe(0);
    expect(fill(2, 1, "bool")).toBeInstanceOf(Uint8Array);
  });

  it("free accepts a storage and does not throw", () => {
    expect(() => free(new Float32Array(3))).not.toThrow();
  });
});
