import { beforeEach, describe, expect, it } from "vitest";
import {
  DTypeError,
  gather,
  IndexError,
  indexSelect,
  oneHot,
  ShapeError,
  scatterAdd,
  tensor,
  transpose,
  zeros,
} from "../src/index.js";
import { compositionBackend as backend, storagesLeft, use } from "./helpers/harness.js";

beforeEach(() => use(backend));

describe("gather", () => {
  it("picks along an axis as torch.gather (the PyTorch docs example)", () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(
      gather(
        t,
        1,
        tensor(
          [
            [0, 0],
            [1, 0],
          ],
          "int32",
        ),
      ).toArray(),
    ).toEqual([
      [1, 1],
      [4, 3],
    ]);
    expect(gather(t, 0, [[1, 0]]).toArray()).toEqual([[3, 2]]);
    expect(t.gather(-1, [[1], [0]]).toArray()).toEqual([[2], [3]]);
  });

  it("accepts an index smaller than x on the other axes, and strided inputs", () => {
    const x = tensor([
      [10, 11, 12],
      [20, 21, 22],
      [30, 31, 32],
    ]);
    // index [2,2]: rows 0..1, columns 0..1 of the index positions
    expect(
      gather(x, 1, [
        [2, 2],
        [0, 1],
      ]).toArray(),
    ).toEqual([
      [12, 12],
      [20, 21],
    ]);
    expect(gather(transpose(x), 0, [[2, 0, 1]]).toArray()).toEqual([[12, 20, 31]]);
    expect(gather(tensor([1, 2, 3], "int32"), 0, [2, 2, 0, 1]).toArray()).toEqual([3, 3, 1, 2]);
    expect(gather(tensor(7), 0, tensor(0, "int32")).toArray()).toEqual(7);
  });

  it("names the bad index and its position", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const f = () =>
      gather(x, 1, [
        [0, 1],
        [3, 0],
      ]);
    expect(f).toThrow(IndexError);
    expect(f).toThrow(
      "gather: index 3 at position [1,0] is out of range: axis 1 has size 3 (x is [2,3], index is [2,2])",
    );
    expect(() => gather(x, 1, [[-1]])).toThrow("gather: index -1 at position [0,0] is out of range");
  });

  it("checks dtype and rank of the index", () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(() => gather(x, 0, tensor([[0, 1]]))).toThrow(DTypeError);
    expect(() => gather(x, 0, tensor([[0, 1]]))).toThrow(
      "gather: indices must be int32, got float32 (index is [1,2])",
    );
    expect(() => gather(x, 0, [[0.5, 1]])).toThrow(DTypeError);
    expect(() => gather(x, 0, [0, 1])).toThrow(
      "gather: index must have the rank of x: x is [2,2], index is [2]",
    );
    expect(() => gather(x, 0, [[0], [1], [0]])).not.toThrow(); // larger only along the gather axis
    expect(() => gather(x, 0, [[0, 0, 0]])).toThrow(ShapeError);
  });

  it("leaves only its output behind", () => {
    const x = tensor([1, 2, 3]);
    const { left } = storagesLeft(backend, () => gather(x, 0, [2, 1]));
    expect(left).toBe(1);
  });
});

describe("indexSelect", () => {
  it("selects slices, negative indices counting from the end", () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(indexSelect(x, 0, [2, -3]).toArray()).toEqual([
      [5, 6],
      [1, 2],
    ]);
    expect(indexSelect(x, 1, tensor([1, 1, 0], "int32")).toArray()).toEqual([
      [2, 2, 1],
      [4, 4, 3],
      [6, 6, 5],
    ]);
    expect(x.indexSelect(-1, []).shape).toEqual([3, 0]);
    expect(indexSelect(transpose(x), 0, [-1]).toArray()).toEqual([[2, 4, 6]]);
  });

  it("rejects out-of-range and non-1-D indices", () => {
    const x = tensor([1, 2, 3]);
    expect(() => indexSelect(x, 0, [0, 3])).toThrow(IndexError);
    expect(() => indexSelect(x, 0, [0, -4])).toThrow(
      "indexSelect: index -4 at position [1] is out of range: axis 0 of x [3] has size 3",
    );
    expect(() => indexSelect(x, 0, [[0]])).toThrow(ShapeError);
    expect(() => indexSelect(x, 0, tensor([0], "bool"))).toThrow(DTypeError);
  });

  it("leaves only its output behind", () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const { left } = storagesLeft(backend, () => indexSelect(x, 1, [1, -1, 0]));
    expect(left).toBe(1);
  });
});

describe("scatterAdd", () => {
  it("adds src at the indices, out of place, duplicates accumulating", () => {
    const x = zeros([3]);
    const y = scatterAdd(x, 0, [0, 2, 0], tensor([1, 2, 3]));
    expect(y.toArray()).toEqual([4, 0, 2]);
    expect(x.toArray()).toEqual([0, 0, 0]);
  });

  it("works along axis 1 like torch.scatter_add", () => {
    const x = tensor([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    const index = tensor(
      [
        [0, 1, 2, 0],
        [2, 2, 1, 0],
      ],
      "int32",
    );
    const src = tensor([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(scatterAdd(x, 1, index, src).toArray()).toEqual([
      [6, 3, 4],
      [9, 8, 12],
    ]);
  });

  it("uses only the part of src the index covers, and keeps int32 and bool", () => {
    const src = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      "int32",
    );
    const y = scatterAdd(zeros([2, 2], "int32"), 0, [[1, 0]], src);
    expect(y.dtype).toBe("int32");
    expect(y.toArray()).toEqual([
      [0, 2],
      [1, 0],
    ]);
    const b = scatterAdd(tensor([false, false, true]), 0, [0, 0, 2], tensor([true, true, false]));
    expect(b.dtype).toBe("bool");
    expect(b.toArray()).toEqual([true, false, true]);
    expect(tensor([1, 2]).scatterAdd(0, [1], [10]).toArray()).toEqual([1, 12]);
  });

  it("validates dtypes, ranks, sizes and bounds", () => {
    const x = zeros([2, 2]);
    expect(() => scatterAdd(x, 0, [[0, 2]], tensor([[1, 1]]))).toThrow(IndexError);
    expect(() => scatterAdd(x, 0, [[0, 2]], tensor([[1, 1]]))).toThrow(
      "scatterAdd: index 2 at position [0,1] is out of range: axis 0 has size 2",
    );
    expect(() => scatterAdd(x, 0, [[0, 1]], tensor([[1, 1]], "int32"))).toThrow(DTypeError);
    expect(() => scatterAdd(x, 0, [0, 1], tensor([1, 1]))).toThrow(
      "scatterAdd: x, index and src must have the same rank: x is [2,2], index is [2], src is [2]",
    );
    expect(() => scatterAdd(x, 0, [[0, 1]], tensor([[1]]))).toThrow(/index is larger than src on axis 1/);
    expect(() => scatterAdd(x, 0, [[0, 1, 0]], tensor([[1, 1, 1]]))).toThrow(
      /index is larger than x on axis 1/,
    );
    expect(() => scatterAdd(x, 0, tensor([[0, 1]]), tensor([[1, 1]]))).toThrow(DTypeError);
  });

  it("leaves only its output behind", () => {
    const x = zeros([3]);
    const src = tensor([1, 2, 3]);
    const { left } = storagesLeft(backend, () => scatterAdd(x, 0, [0, 2, 0], src));
    expect(left).toBe(1);
    const b = tensor([true, false]);
    const { left: leftBool } = storagesLeft(backend, () => scatterAdd(b, 0, [1], b.slice([[0, 1]])));
    expect(leftBool).toBe(1);
  });
});

describe("oneHot", () => {
  it("encodes int32 indices", () => {
    const y = oneHot([0, 2], 3);
    expect(y.dtype).toBe("int32");
    expect(y.toArray()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(oneHot(tensor([[1], [0]], "int32"), 2).toArray()).toEqual([[[0, 1]], [[1, 0]]]);
    expect(tensor(1, "int32").oneHot(2).toArray()).toEqual([0, 1]);
  });

  it("rejects indices outside [0, numClasses) and bad class counts", () => {
    expect(() => oneHot([0, 3], 3)).toThrow(IndexError);
    expect(() => oneHot([0, 3], 3)).toThrow(
      "oneHot: index 3 at position [1] is out of range: numClasses is 3",
    );
    expect(() => oneHot([-1], 3)).toThrow(IndexError);
    expect(() => oneHot([0], 1.5)).toThrow("oneHot: numClasses must be an integer ≥ 0, got 1.5");
    expect(() => oneHot(tensor([0.0]), 2)).toThrow(DTypeError);
  });

  it("leaves only its output behind", () => {
    const idx = tensor([0, 1, 1], "int32");
    const { left } = storagesLeft(backend, () => oneHot(idx, 4));
    expect(left).toBe(1);
  });
});
