import { describe, expect, it } from "vitest";
import {
  arange,
  contiguous,
  expand,
  flatten,
  flip,
  memory,
  permute,
  registerBackend,
  reshape,
  ShapeError,
  slice,
  squeeze,
  tensor,
  transpose,
  unsqueeze,
  ValueError,
} from "../src/index.js";
import { createTestBackend } from "./helpers/reference-backend.js";

// Registered at load: describe bodies build tensors while tests are collected.
registerBackend("test", createTestBackend);

describe("views", () => {
  const x = reshape(arange(6), [2, 3]); // [[0,1,2],[3,4,5]]

  it("reshapes with one inferred dimension, sharing storage", () => {
    const storages = memory().numStorages;
    const y = reshape(x, [3, -1]);
    expect(y.toArray()).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(memory().numStorages).toBe(storages); // a view, no new storage
    expect(() => reshape(x, [4, -1])).toThrow(/reshape: cannot reshape \[2,3\] \(6 elements\) into \[4,-1\]/);
    expect(() => reshape(x, [-1, -1])).toThrow(ShapeError);
  });

  it("transposes, permutes and reshapes a non-contiguous view", () => {
    const t = transpose(x);
    expect(t.shape).toEqual([3, 2]);
    expect(t.toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(t.isContiguous).toBe(false);
    expect(reshape(t, [6]).toArray()).toEqual([0, 3, 1, 4, 2, 5]);
    const p = permute(reshape(arange(24), [2, 3, 4]), [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    expect((p.toArray() as number[][][])[1]![1]![2]).toBe(21); // p[1][1][2] = x[1][2][1] = 12+8+1
    expect(contiguous(t).isContiguous).toBe(true);
  });

  it("squeezes, unsqueezes and flattens", () => {
    const y = reshape(arange(6), [1, 2, 1, 3]);
    expect(squeeze(y).shape).toEqual([2, 3]);
    expect(squeeze(y, 2).shape).toEqual([1, 2, 3]);
    expect(squeeze(y, 1).shape).toEqual([1, 2, 1, 3]); // not size 1: left alone, as PyTorch
    expect(unsqueeze(x, 0).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 1]);
    expect(flatten(y, 1).shape).toEqual([1, 6]);
  });

  it("expands size-1 axes without copying", () => {
    const col = tensor([[1], [2]]);
    expect(expand(col, [2, 3]).toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(expand(col, [2, 2, -1]).shape).toEqual([2, 2, 1]);
    expect(() => expand(col, [3, 3])).toThrow(/expand: cannot expand \[2,1\] to \[3,3\]/);
  });

  it("slices like Python, with steps, negatives and dropped axes", () => {
    const m = reshape(arange(12), [3, 4]);
    expect(slice(m, [[1]]).toArray()).toEqual([
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(slice(m, [null, [null, null, 2]]).toArray()).toEqual([
      [0, 2],
      [4, 6],
      [8, 10],
    ]);
    expect(slice(m, [[-1], [-3, -1]]).toArray()).toEqual([[9, 10]]);
    expect(slice(m, [1, [0, 100]]).toArray()).toEqual([4, 5, 6, 7]);
    expect(slice(m, [[2, 1]]).shape).toEqual([0, 4]);
    expect(() => slice(m, [3])).toThrow(ValueError);
    expect(() => slice(m, [[0, 1, 0]])).toThrow(/step must be a positive integer/);
  });

  it("flips with negative strides, and composes with slicing", () => {
    const m = reshape(arange(6), [2, 3]);
    expect(flip(m, 1).toArray()).toEqual([
      [2, 1, 0],
      [5, 4, 3],
    ]);
    expect(flip(m, [0, 1]).toArray()).toEqual([
      [5, 4, 3],
      [2, 1, 0],
    ]);
    expect(slice(flip(m, 1), [null, [0, 2]]).toArray()).toEqual([
      [2, 1],
      [5, 4],
    ]);
    expect(transpose(flip(m, 0)).toArray()).toEqual([
      [3, 0],
      [4, 1],
      [5, 2],
    ]);
  });
});
