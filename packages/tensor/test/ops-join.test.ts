import { beforeEach, describe, expect, it } from "vitest";
import { concat, pad, ShapeError, split, stack, tensor, tile, transpose, ValueError } from "../src/index.js";
import { compositionBackend as backend, storagesLeft, use } from "./helpers/harness.js";

beforeEach(() => use(backend));

describe("concat", () => {
  it("joins along an axis, negative axes included", () => {
    const a = tensor([[1, 2]]);
    const b = tensor([
      [3, 4],
      [5, 6],
    ]);
    expect(concat([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(
      concat(
        [
          tensor([[1], [2]]),
          tensor([
            [3, 4],
            [5, 6],
          ]),
        ],
        -1,
      ).toArray(),
    ).toEqual([
      [1, 3, 4],
      [2, 5, 6],
    ]);
  });

  it("reads strided inputs (a transposed view)", () => {
    const t = transpose(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ); // [[1,4],[2,5],[3,6]]
    expect(concat([t, tensor([[7, 8]])]).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
      [7, 8],
    ]);
  });

  it("promotes to a common dtype and accepts nested arrays", () => {
    const y = concat([tensor([1, 2], "int32"), tensor([0.5])]);
    expect(y.dtype).toBe("float32");
    expect(y.toArray()).toEqual([1, 2, 0.5]);
    const i = concat([tensor([1], "int32"), tensor([true, false])]);
    expect(i.dtype).toBe("int32");
    expect(i.toArray()).toEqual([1, 1, 0]);
    expect(concat([[1, 2], [3]]).toArray()).toEqual([1, 2, 3]);
    expect(concat([tensor([true]), tensor([false])]).toArray()).toEqual([true, false]);
  });

  it("allows inputs that are empty along the axis, and PyTorch's 1-D [0] tensors", () => {
    const empty = tensor(new Float32Array(0), { shape: [0, 2] });
    expect(concat([empty, tensor([[1, 2]]), empty]).toArray()).toEqual([[1, 2]]);
    expect(concat([empty, empty]).shape).toEqual([0, 2]);
    expect(concat([tensor(new Float32Array(0)), tensor([[1, 2]])]).toArray()).toEqual([[1, 2]]);
    expect(concat([tensor(new Float32Array(0)), tensor([1])]).toArray()).toEqual([1]);
    expect(
      concat(
        [tensor(new Float32Array(0), { shape: [2, 0] }), tensor(new Float32Array(0), { shape: [2, 0] })],
        1,
      ).shape,
    ).toEqual([2, 0]);
  });

  it("rejects mismatched shapes with a ShapeError naming all of them", () => {
    const f = () => concat([tensor([[1, 2]]), tensor([[1, 2, 3]]), tensor([[1, 2]])]);
    expect(f).toThrow(ShapeError);
    expect(f).toThrow(
      "concat: shapes must match except along axis 0: got [1,2], [1,3], [1,2] ([1,3] differs from [1,2])",
    );
    expect(() => concat([tensor([1, 2]), tensor([[1, 2]])])).toThrow(ShapeError);
    expect(() => concat([tensor(1), tensor(2)])).toThrow(/zero-dimensional .* use stack/);
    expect(() => concat([])).toThrow(ValueError);
    expect(() => concat([tensor([1])], 1)).toThrow(ValueError);
  });

  it("leaves only its output behind (casts included)", () => {
    const a = tensor([1, 2], "int32");
    const b = tensor([0.5]);
    const { result, left } = storagesLeft(backend, () => concat([a, b, [7]]));
    expect(left).toBe(1);
    expect(result.toArray()).toEqual([1, 2, 0.5, 7]);
  });
});

describe("stack", () => {
  it("joins along a new axis", () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    expect(stack([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(stack([a, b], 1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(stack([a, b], -1).shape).toEqual([2, 2]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });

  it("needs equal shapes", () => {
    expect(() => stack([tensor([1, 2]), tensor([1])])).toThrow(
      "stack: every tensor must have the same shape, got [2], [1]",
    );
    expect(() => stack([tensor([1, 2])], 2)).toThrow(ValueError);
  });

  it("leaves only its output behind", () => {
    const a = tensor([1, 2]);
    const { left } = storagesLeft(backend, () => stack([a, a, a], 1));
    expect(left).toBe(1);
  });
});

describe("split", () => {
  it("cuts equal chunks, the last smaller, as views", () => {
    const x = tensor([0, 1, 2, 3, 4]);
    const { result, left } = storagesLeft(backend, () => split(x, 2));
    expect(left).toBe(0);
    expect(result.map((t) => t.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(x.split(5).map((t) => t.toArray())).toEqual([[0, 1, 2, 3, 4]]);
    expect(split(x, 10).map((t) => t.toArray())).toEqual([[0, 1, 2, 3, 4]]);
  });

  it("cuts given sizes along any axis", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const [a, b] = split(x, [1, 2], -1) as [ReturnType<typeof tensor>, ReturnType<typeof tensor>];
    expect(a.toArray()).toEqual([[1], [4]]);
    expect(b.toArray()).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect(split(x, [0, 2, 0]).map((t) => t.shape)).toEqual([
      [0, 3],
      [2, 3],
      [0, 3],
    ]);
  });

  it("gives one empty chunk for an empty axis, like torch.split", () => {
    expect(split(tensor(new Float32Array(0)), 3).map((t) => t.shape)).toEqual([[0]]);
  });

  it("rejects bad sizes", () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => split(x, [1, 1], 1)).toThrow(
      "split: sizes [1,1] sum to 2, but axis 1 of [1,3] has 3 elements",
    );
    expect(() => split(x, [1, 1], 1)).toThrow(ShapeError);
    expect(() => split(x, 0)).toThrow(ValueError);
    expect(() => split(x, [-1, 4], 1)).toThrow(ValueError);
    expect(() => split(x, 1, 2)).toThrow(ValueError);
  });
});

describe("pad", () => {
  it("pads in NumPy order, leading axes first", () => {
    expect(
      pad(tensor([[1, 2]]), [
        [1, 0],
        [0, 2],
      ]).toArray(),
    ).toEqual([
      [0, 0, 0, 0],
      [1, 2, 0, 0],
    ]);
    // only the first axis given: the second is not padded
    expect(pad(tensor([[1, 2]]), [[0, 1]]).toArray()).toEqual([
      [1, 2],
      [0, 0],
    ]);
  });

  it("writes a constant value and keeps the dtype", () => {
    const y = pad(tensor([1, 2], "int32"), [[2, 1]], { value: 9 });
    expect(y.dtype).toBe("int32");
    expect(y.toArray()).toEqual([9, 9, 1, 2, 9]);
    expect(pad(tensor([true]), [[1, 1]], { value: false }).toArray()).toEqual([false, true, false]);
    expect(pad(tensor([1]), [[1, 0]], { value: Number.NEGATIVE_INFINITY }).toArray()).toEqual([
      Number.NEGATIVE_INFINITY,
      1,
    ]);
    expect(
      tensor([[1]])
        .pad([
          [0, 0],
          [1, 1],
        ])
        .toArray(),
    ).toEqual([[0, 1, 0]]);
  });

  it("returns a new tensor for zero padding, and pads empty tensors", () => {
    const x = tensor([1, 2]);
    const y = pad(x, [[0, 0]]);
    expect(y).not.toBe(x);
    expect(y.toArray()).toEqual([1, 2]);
    expect(pad(tensor(new Float32Array(0), { shape: [0, 2] }), [[1, 1]]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it("rejects negative padding and too many pairs", () => {
    expect(() => pad(tensor([1, 2]), [[-1, 0]])).toThrow(ValueError);
    expect(() => pad(tensor([1, 2]), [[-1, 0]])).toThrow("pad: padding of axis 0 is [-1,0]; it must be ≥ 0");
    expect(() =>
      pad(tensor([1, 2]), [
        [0, 0],
        [1, 1],
      ]),
    ).toThrow("pad: 2 [before, after] pairs given for a tensor of shape [2]");
    expect(() => pad(tensor([1, 2]), [[0.5, 1]] as unknown as [number, number][])).toThrow(ValueError);
  });

  it("leaves only its output behind", () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const { left } = storagesLeft(backend, () =>
      pad(x, [
        [1, 2],
        [3, 1],
      ]),
    );
    expect(left).toBe(1);
  });
});

describe("tile", () => {
  it("repeats like numpy.tile", () => {
    const a = tensor([0, 1, 2]);
    expect(tile(a, [2]).toArray()).toEqual([0, 1, 2, 0, 1, 2]);
    expect(tile(a, [2, 2]).toArray()).toEqual([
      [0, 1, 2, 0, 1, 2],
      [0, 1, 2, 0, 1, 2],
    ]);
    expect(tile(a, [2, 1, 2]).toArray()).toEqual([[[0, 1, 2, 0, 1, 2]], [[0, 1, 2, 0, 1, 2]]]);
    const b = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(tile(b, [2]).toArray()).toEqual([
      [1, 2, 1, 2],
      [3, 4, 3, 4],
    ]);
    expect(b.tile([2, 1]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [1, 2],
      [3, 4],
    ]);
    expect(tile(transpose(b), [1, 2]).toArray()).toEqual([
      [1, 3, 1, 3],
      [2, 4, 2, 4],
    ]);
    expect(tile(a, [0]).shape).toEqual([0]);
    expect(tile(tensor(5, "int32"), [3]).toArray()).toEqual([5, 5, 5]);
  });

  it("rejects bad reps and leaves only its output behind", () => {
    expect(() => tile(tensor([1]), [-1])).toThrow(ValueError);
    const x = tensor([1, 2]);
    const { left } = storagesLeft(backend, () => tile(x, [3, 2]));
    expect(left).toBe(1);
  });
});
