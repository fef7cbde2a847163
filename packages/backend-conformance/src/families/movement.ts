import type { DType, Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import type { Suite } from "../suite.js";

const F = "movement";

/** 0, 1, 2, … in `shape`, of `dtype` (bools alternate). */
function iota(shape: number[], dtype: DType = "float32"): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n }, (_, i) => (dtype === "bool" ? i % 3 === 0 : i));
  return tk.reshape(tk.tensor(data as number[], dtype), shape);
}

export function movement(s: Suite): void {
  const ex = (t: Tensor, shape: number[], data: (number | boolean)[], dtype?: DType, what = "") =>
    s.expectTensor(t, dtype === undefined ? { shape, data } : { shape, data, dtype }, "exact", what);

  describe("shape and movement", () => {
    s.test(F, "reshape: -1, scalars, empty tensors, and non-contiguous inputs read in logical order", () => {
      const x = iota([2, 3]);
      ex(tk.reshape(x, [3, -1]), [3, 2], [0, 1, 2, 3, 4, 5]);
      ex(tk.reshape(tk.tensor([7]), []), [], [7]);
      ex(tk.reshape(tk.zeros([0, 4]), [2, 0, 3]), [2, 0, 3], []);
      ex(tk.reshape(tk.transpose(x), [6]), [6], [0, 3, 1, 4, 2, 5], undefined, "transposed");
      ex(tk.reshape(tk.flip(x, [1]), [3, 2]), [3, 2], [2, 1, 0, 5, 4, 3], undefined, "flipped");
      ex(x.reshape([6]), [6], [0, 1, 2, 3, 4, 5], undefined, "method");
    });

    s.test(F, "flatten, squeeze and unsqueeze", () => {
      const x = iota([2, 1, 3, 1]);
      ex(tk.flatten(x), [6], [0, 1, 2, 3, 4, 5]);
      ex(tk.flatten(x, 1), [2, 3], [0, 1, 2, 3, 4, 5]);
      ex(tk.flatten(x, 0, 1), [2, 3, 1], [0, 1, 2, 3, 4, 5]);
      ex(tk.squeeze(x), [2, 3], [0, 1, 2, 3, 4, 5]);
      ex(tk.squeeze(x, 1), [2, 3, 1], [0, 1, 2, 3, 4, 5]);
      ex(tk.squeeze(x, -1), [2, 1, 3], [0, 1, 2, 3, 4, 5]);
      ex(tk.unsqueeze(iota([2]), 0), [1, 2], [0, 1]);
      ex(tk.unsqueeze(iota([2]), -1), [2, 1], [0, 1]);
      ex(tk.unsqueeze(tk.scalar(3), 0), [1], [3]);
    });

    s.test(F, "permute and transpose", () => {
      const x = iota([2, 3, 4]);
      const p = tk.permute(x, [2, 0, 1]);
      expect(p.shape).toEqual([4, 2, 3]);
      const want: number[] = [];
      for (let k = 0; k < 4; k++)
        for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) want.push(i * 12 + j * 4 + k);
      ex(p, [4, 2, 3], want, undefined, "permute");
      ex(tk.transpose(iota([2, 3])), [3, 2], [0, 3, 1, 4, 2, 5], undefined, "transpose");
      const t02 = tk.transpose(x, 0, 2);
      const want02: number[] = [];
      for (let k = 0; k < 4; k++)
        for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) want02.push(i * 12 + j * 4 + k);
      ex(t02, [4, 3, 2], want02, undefined, "transpose(0, 2)");
      ex(
        tk.permute(tk.permute(x, [2, 0, 1]), [1, 2, 0]),
        [2, 3, 4],
        Array.from({ length: 24 }, (_, i) => i),
        undefined,
        "round trip",
      );
    });

    s.test(F, "expand and broadcastTo give stride-0 views that copy correctly", () => {
      const x = tk.tensor([[1], [2]]);
      ex(tk.expand(x, [2, 3]), [2, 3], [1, 1, 1, 2, 2, 2]);
      ex(tk.expand(x, [-1, 2]), [2, 2], [1, 1, 2, 2]);
      ex(tk.expand(x, [2, 2, 2]), [2, 2, 2], [1, 1, 2, 2, 1, 1, 2, 2]);
      ex(tk.broadcastTo(tk.tensor([1, 2, 3]), [2, 3]), [2, 3], [1, 2, 3, 1, 2, 3]);
      ex(tk.contiguous(tk.broadcastTo(tk.scalar(5), [2, 2])), [2, 2], [5, 5, 5, 5]);
      ex(tk.broadcastTo(tk.tensor([1, 2, 3]), [0, 3]), [0, 3], []);
    });

    s.test(F, "slice: steps, negative and clamped bounds, numbers drop an axis, null keeps one", () => {
      const v = iota([10]);
      ex(tk.slice(v, [[1, 8, 3]]), [3], [1, 4, 7]);
      ex(tk.slice(v, [[-3]]), [3], [7, 8, 9]);
      ex(tk.slice(v, [[-100, 100, 4]]), [3], [0, 4, 8], undefined, "clamped");
      ex(tk.slice(v, [[5, 2]]), [0], [], undefined, "start past end");
      ex(tk.slice(v, [[8, 20, 5]]), [1], [8]);
      ex(tk.slice(v, [[-4, -1]]), [3], [6, 7, 8]);
      const m = iota([3, 4]);
      ex(tk.slice(m, [1]), [4], [4, 5, 6, 7], undefined, "number");
      ex(tk.slice(m, [-1]), [4], [8, 9, 10, 11], undefined, "negative number");
      ex(tk.slice(m, [null, [1, 4, 2]]), [3, 2], [1, 3, 5, 7, 9, 11], undefined, "null");
      ex(tk.slice(m, [[0, 3, 2], 2]), [2], [2, 10]);
      // a slice of a transposed, flipped view
      const w = tk.slice(tk.flip(tk.transpose(m), [0]), [
        [1, 3],
        [0, 3, 2],
      ]);
      ex(w, [2, 2], [2, 10, 1, 9], undefined, "view of a view");
    });

    s.test(F, "flip along one, several and negative axes", () => {
      const x = iota([2, 3]);
      ex(tk.flip(x, [0]), [2, 3], [3, 4, 5, 0, 1, 2]);
      ex(tk.flip(x, [1]), [2, 3], [2, 1, 0, 5, 4, 3]);
      ex(tk.flip(x, [0, -1]), [2, 3], [5, 4, 3, 2, 1, 0]);
      ex(tk.flip(tk.flip(x, [1]), [1]), [2, 3], [0, 1, 2, 3, 4, 5], undefined, "twice");
      ex(tk.flip(tk.zeros([0, 2]), [0]), [0, 2], []);
    });

    s.test(F, "views share storage: reshape, transpose, slice, flip, expand allocate nothing", () => {
      const x = iota([4, 6]);
      const storages = () => tk.memory().backends[tk.backendName(s.backend)]?.numStorages ?? 0;
      const before = storages();
      const views = [
        tk.reshape(x, [6, 4]),
        tk.transpose(x),
        tk.permute(x, [1, 0]),
        tk.slice(x, [
          [1, 3],
          [0, 6, 2],
        ]),
        tk.flip(x, [0]),
        tk.unsqueeze(x, 0),
        tk.squeeze(tk.unsqueeze(x, 1)),
        tk.expand(tk.unsqueeze(x, 0), [3, 4, 6]),
      ];
      expect(storages()).toBe(before);
      expect(views.length).toBe(8);
    });

    for (const dtype of ["float32", "int32", "bool"] as const) {
      s.test(F, `concat of ${dtype} along each axis, with empty and non-contiguous inputs`, () => {
        const a = iota([2, 2], dtype);
        const b = iota([2, 3], dtype);
        const av = Array.from(a.dataSync() as ArrayLike<number>);
        const bv = Array.from(b.dataSync() as ArrayLike<number>);
        ex(
          tk.concat([a, b], 1),
          [2, 5],
          [av[0]!, av[1]!, bv[0]!, bv[1]!, bv[2]!, av[2]!, av[3]!, bv[3]!, bv[4]!, bv[5]!],
          dtype,
          "axis 1",
        );
        ex(
          tk.concat([a, tk.transpose(a)], 0),
          [4, 2],
          [av[0]!, av[1]!, av[2]!, av[3]!, av[0]!, av[2]!, av[1]!, av[3]!],
          dtype,
          "axis 0",
        );
        ex(
          tk.concat([a, tk.zeros([2, 0], dtype), b], -1),
          [2, 5],
          Array.from(tk.concat([a, b], 1).dataSync() as ArrayLike<number>),
          dtype,
          "empty",
        );
        ex(tk.concat([a]), [2, 2], av, dtype, "one input");
        ex(tk.concat([tk.zeros([0, 2], dtype), tk.zeros([0, 2], dtype)]), [0, 2], [], dtype, "all empty");
      });
    }

    s.test(F, "concat of 1-D and flipped or sliced inputs", () => {
      const v = iota([5]);
      ex(tk.concat([tk.flip(v, [0]), tk.slice(v, [[0, 5, 2]])]), [8], [4, 3, 2, 1, 0, 0, 2, 4]);
      ex(
        tk.concat([iota([1, 2, 2]), iota([1, 2, 2])], 2),
        [1, 2, 4],
        [0, 1, 0, 1, 2, 3, 2, 3],
        undefined,
        "3-D axis 2",
      );
    });

    s.test(F, "stack along a new axis 0, 1 and -1", () => {
      const a = tk.tensor([1, 2, 3]);
      const b = tk.tensor([4, 5, 6]);
      ex(tk.stack([a, b]), [2, 3], [1, 2, 3, 4, 5, 6]);
      ex(tk.stack([a, b], 1), [3, 2], [1, 4, 2, 5, 3, 6]);
      ex(tk.stack([a, b], -1), [3, 2], [1, 4, 2, 5, 3, 6]);
      ex(tk.stack([tk.scalar(1), tk.scalar(2)]), [2], [1, 2]);
    });

    s.test(F, "split into equal chunks (the last smaller, as torch.split) or given sizes", () => {
      const v = iota([5]);
      const parts = tk.split(v, 2);
      expect(parts.map((p) => p.shape)).toEqual([[2], [2], [1]]);
      ex(parts[2]!, [1], [4]);
      const m = iota([2, 5]);
      const [p, q] = tk.split(m, [3, 2], 1);
      ex(p!, [2, 3], [0, 1, 2, 5, 6, 7]);
      ex(q!, [2, 2], [3, 4, 8, 9]);
      const withEmpty = tk.split(v, [0, 5]);
      expect(withEmpty.map((t) => t.shape)).toEqual([[0], [5]]);
    });

    s.test(F, "pad with [before, after] per leading axis, a fill value, and int32", () => {
      const x = tk.tensor([
        [1, 2],
        [3, 4],
      ]);
      ex(
        tk.pad(x, [
          [1, 0],
          [0, 2],
        ]),
        [3, 4],
        [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0],
      );
      ex(tk.pad(x, [[0, 1]], { value: -1 }), [3, 2], [1, 2, 3, 4, -1, -1], undefined, "leading axis only");
      ex(tk.pad(tk.tensor([1, 2], "int32"), [[2, 1]], { value: 7 }), [5], [7, 7, 1, 2, 7], "int32");
      ex(
        tk.pad(tk.transpose(x), [
          [0, 0],
          [1, 1],
        ]),
        [2, 4],
        [0, 1, 3, 0, 0, 2, 4, 0],
        undefined,
        "transposed",
      );
      ex(
        tk.pad(tk.zeros([0, 1]), [
          [1, 1],
          [0, 0],
        ]),
        [2, 1],
        [0, 0],
        undefined,
        "empty",
      );
      ex(
        tk.pad(
          x,
          [
            [0, 0],
            [1, 0],
          ],
          { value: Number.NEGATIVE_INFINITY },
        ),
        [2, 3],
        [-Infinity, 1, 2, -Infinity, 3, 4],
      );
    });

    s.test(F, "tile repeats along each axis, with more reps than axes", () => {
      const x = tk.tensor([
        [1, 2],
        [3, 4],
      ]);
      ex(tk.tile(x, [1, 2]), [2, 4], [1, 2, 1, 2, 3, 4, 3, 4]);
      ex(tk.tile(x, [2, 1]), [4, 2], [1, 2, 3, 4, 1, 2, 3, 4]);
      ex(tk.tile(tk.tensor([1, 2]), [2, 2]), [2, 4], [1, 2, 1, 2, 1, 2, 1, 2]);
      ex(tk.tile(x, [0, 1]), [0, 2], []);
    });

    s.test(F, "contiguous materialises any view", () => {
      const x = iota([3, 4]);
      ex(tk.contiguous(tk.slice(tk.flip(x, [1]), [[0, 3, 2]])), [2, 4], [3, 2, 1, 0, 11, 10, 9, 8]);
      ex(
        tk.contiguous(x),
        [3, 4],
        Array.from({ length: 12 }, (_, i) => i),
      );
    });
  });
}
