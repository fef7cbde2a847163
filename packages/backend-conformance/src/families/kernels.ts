import type { DType, KernelTable, TypedArray, View } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { type FixtureTensor, fixture } from "../fixtures.js";
import type { ToleranceClass } from "../options.js";
import type { Suite } from "../suite.js";

const F = "kernels";

/**
 * Kernel-level checks: the suite calls the backend's kernels directly, with views the core may
 * rarely build (negative strides with an offset, stride-0 axes, a window in the middle of a
 * storage), and checks the contract's rules: results are new, contiguous storages; inputs are
 * never written; strides and offsets are honoured; empty inputs work. The op tests above check
 * the same kernels through the public API; these pin a failure to one kernel.
 */
export function kernels(s: Suite): void {
  /** Storages this test allocated, freed at the end (the suite's memory check cannot see them). */
  let owned: unknown[] = [];
  const k = () => s.backend.kernels as KernelTable<unknown>;

  const host = (values: readonly number[], dtype: DType): TypedArray => {
    const a = tk.allocHostArray(dtype, values.length);
    values.forEach((v, i) => {
      a[i] = v;
    });
    return a;
  };
  const store = (values: readonly number[], dtype: DType = "float32") => {
    const st = k().write(host(values, dtype), dtype);
    owned.push(st);
    return st;
  };
  const view = (
    storage: unknown,
    dtype: DType,
    shape: number[],
    strides: number[],
    offset: number,
  ): View<unknown> => ({
    storage,
    dtype,
    shape,
    strides,
    offset,
  });
  /** The elements a view denotes, computed here from the host copy of its storage. */
  const denote = (data: readonly number[], v: View<unknown>): number[] => {
    const out: number[] = [];
    const walk = (axis: number, pos: number) => {
      if (axis === v.shape.length) {
        out.push(data[pos]!);
        return;
      }
      for (let i = 0; i < v.shape[axis]!; i++) walk(axis + 1, pos + i * v.strides[axis]!);
    };
    walk(0, v.offset);
    return out;
  };
  const read = (st: unknown, dtype: DType, n: number) =>
    Array.from(k().read(st, dtype, n) as ArrayLike<number>);
  const result = (st: unknown, dtype: DType, n: number) => {
    owned.push(st);
    return read(st, dtype, n);
  };
  const close = (got: number[], want: number[], cls: ToleranceClass, what: string) => {
    s.expectTensor(
      {
        shape: [got.length],
        dtype: "float32",
        dataSync: () => Float32Array.from(got),
      } as unknown as tk.Tensor,
      { shape: [want.length], data: want.map(Math.fround) },
      cls,
      what,
    );
  };

  /**
   * The awkward view used throughout: a [2, 3] window of a 16-element storage, starting at
   * offset 13, both axes reversed (strides -6 and -2), so a kernel that ignores strides,
   * offsets or signs reads the wrong elements.
   */
  const BASE = Array.from({ length: 16 }, (_, i) => (i - 7.5) / 2); // -3.75 … 3.75
  const awkward = (dtype: DType = "float32", data: readonly number[] = BASE) => {
    const st = store(data, dtype);
    return { st, v: view(st, dtype, [2, 3], [-6, -2], 13), data };
  };
  const unchanged = (st: unknown, data: readonly number[], dtype: DType) =>
    expect(read(st, dtype, data.length), "the input storage is unchanged").toEqual(
      Array.from(host(data, dtype)),
    );

  const kernelTest = (title: string, body: () => void) => {
    s.test(F, title, () => {
      owned = [];
      try {
        body();
      } finally {
        for (const st of owned) k().free(st);
        owned = [];
      }
    });
  };

  describe("kernels (direct calls with strided views)", () => {
    kernelTest("write and read round-trip every dtype; write copies its input; read takes a prefix", () => {
      for (const dtype of [
        "float32",
        "int32",
        "bool",
        ...(s.has("float64") ? (["float64"] as const) : []),
      ] as DType[]) {
        const vals = dtype === "bool" ? [1, 0, 1] : [1.5, -2, 3];
        const src = host(vals, dtype);
        const st = k().write(src, dtype);
        owned.push(st);
        src[0] = 0;
        expect(read(st, dtype, 3), dtype).toEqual(Array.from(host(vals, dtype)));
        expect(read(st, dtype, 2), `${dtype} prefix`).toEqual(Array.from(host(vals, dtype)).slice(0, 2));
        expect(k().read(st, dtype, 3)).toBeInstanceOf(tk.allocHostArray(dtype, 0).constructor);
      }
    });

    kernelTest("fill makes size elements of value, in every dtype, empty included", () => {
      expect(result(k().fill(3, -1.5, "float32"), "float32", 3)).toEqual([-1.5, -1.5, -1.5]);
      expect(result(k().fill(2, 7, "int32"), "int32", 2)).toEqual([7, 7]);
      expect(result(k().fill(2, 1, "bool"), "bool", 2)).toEqual([1, 1]);
      expect(result(k().fill(0, 1, "float32"), "float32", 0)).toEqual([]);
      expect(result(k().fill(1, Number.NaN, "float32"), "float32", 1)).toEqual([Number.NaN]);
    });

    kernelTest("copy honours negative strides, an offset and stride-0 axes", () => {
      const { st, v, data } = awkward();
      const got = result(k().copy(v), "float32", 6);
      expect(got).toEqual(denote(data, v));
      expect(got).toEqual([2.75, 1.75, 0.75, -0.25, -1.25, -2.25]);
      const b = view(st, "float32", [2, 3], [0, 1], 4);
      expect(result(k().copy(b), "float32", 6)).toEqual([-1.75, -1.25, -0.75, -1.75, -1.25, -0.75]);
      const scalarView = view(st, "float32", [], [], 5);
      expect(result(k().copy(scalarView), "float32", 1)).toEqual([-1.25]);
      expect(result(k().copy(view(st, "float32", [0, 3], [3, 1], 0)), "float32", 0)).toEqual([]);
      unchanged(st, data, "float32");
    });

    kernelTest("cast of a strided view follows the contract's rules", () => {
      const data = [Number.NaN, 1.7, -1.7, Number.POSITIVE_INFINITY, -3e9, 0, 2.5, -0.5];
      const st = store(data);
      const v = view(st, "float32", [2, 2], [1, 2], 2); // [[-1.7, -3e9], [Inf, 0]]
      expect(result(k().cast(v, "int32"), "int32", 4)).toEqual([-1, -2147483648, 2147483647, 0]);
      expect(result(k().cast(v, "bool"), "bool", 4)).toEqual([1, 1, 1, 0]);
      expect(result(k().cast(view(st, "float32", [1], [1], 0), "int32"), "int32", 1)).toEqual([0]);
      const bst = store([1, 0, 1], "bool");
      expect(result(k().cast(view(bst, "bool", [3], [-1], 2), "float32"), "float32", 3)).toEqual([1, 0, 1]);
    });

    kernelTest("concat joins strided views along each axis", () => {
      const { v, data } = awkward();
      const other = store([10, 11, 12, 13]);
      const o = view(other, "float32", [2, 2], [1, 2], 0); // [[10, 12], [11, 13]]
      const a = denote(data, v);
      expect(result(k().concat([v, o], 1), "float32", 10)).toEqual([
        a[0],
        a[1],
        a[2],
        10,
        12,
        a[3],
        a[4],
        a[5],
        11,
        13,
      ]);
      const row = view(other, "float32", [1, 3], [0, 1], 1); // [[11, 12, 13]]
      expect(result(k().concat([row, v], 0), "float32", 9)).toEqual([11, 12, 13, ...a]);
      const empty = view(other, "float32", [0, 3], [3, 1], 0);
      expect(result(k().concat([empty, v, empty], 0), "float32", 6)).toEqual(a);
    });

    const unaryRefs: [string, (x: number) => number, ToleranceClass][] = [
      ["neg", (x) => -x, "exact"],
      ["abs", Math.abs, "exact"],
      ["sign", Math.sign, "exact"],
      ["exp", Math.exp, "transcendental"],
      ["log", Math.log, "transcendental"],
      ["sqrt", Math.sqrt, "arithmetic"],
      ["sin", Math.sin, "transcendental"],
      ["cos", Math.cos, "transcendental"],
      ["floor", Math.floor, "exact"],
      ["ceil", Math.ceil, "exact"],
      ["round", (x) => (x - Math.floor(x) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)), "exact"],
      ["tanh", Math.tanh, "transcendental"],
      ["sigmoid", (x) => 1 / (1 + Math.exp(-x)), "transcendental"],
      ["relu", (x) => Math.max(x, 0), "exact"],
      ["log1p", Math.log1p, "transcendental"],
      ["expm1", Math.expm1, "transcendental"],
      ["rsqrt", (x) => 1 / Math.sqrt(x), "arithmetic"],
    ];
    for (const [name, ref, cls] of unaryRefs) {
      kernelTest(`${name} reads a strided view and returns a new contiguous storage`, () => {
        const fn = (k() as unknown as Record<string, ((x: View<unknown>) => unknown) | undefined>)[name];
        if (!fn) return; // an optional kernel this backend leaves to the reference composition
        const { st, v, data } = awkward();
        const out = fn.call(k(), v);
        expect(out).not.toBe(st);
        close(result(out, "float32", 6), denote(data, v).map(ref), cls, name);
        unchanged(st, data, "float32");
        expect(result(fn.call(k(), view(st, "float32", [0], [1], 0)), "float32", 0)).toEqual([]);
      });
    }

    kernelTest("erf (optional) matches torch to float32 precision", () => {
      const erf = k().erf;
      if (!erf) return;
      const c = fixture<{ erf: { x: FixtureTensor; expected: FixtureTensor } }>("elementwise.json").erf;
      const st = store(c.x.data.map(Number));
      close(
        result(erf.call(k(), view(st, "float32", [c.x.data.length], [1], 0)), "float32", c.x.data.length),
        c.expected.data.map(Number),
        "transcendental",
        "erf",
      );
    });

    const binaryRefs: [string, (a: number, b: number) => number, ToleranceClass][] = [
      ["add", (a, b) => a + b, "arithmetic"],
      ["sub", (a, b) => a - b, "arithmetic"],
      ["mul", (a, b) => a * b, "arithmetic"],
      ["div", (a, b) => a / b, "arithmetic"],
      ["pow", (a, b) => a ** b, "transcendental"],
      ["maximum", Math.max, "exact"],
      ["minimum", Math.min, "exact"],
    ];
    for (const [name, ref, cls] of binaryRefs) {
      kernelTest(`${name} reads a strided view and a broadcast (stride-0) view`, () => {
        const fn = (k() as unknown as Record<string, (a: View<unknown>, b: View<unknown>) => unknown>)[name]!;
        const { st, v, data } = awkward();
        const bst = store([0.5, 2, -1.5, 4]);
        const b = view(bst, "float32", [2, 3], [0, 1], 1); // rows [2, -1.5, 4]
        const want = denote(data, v).map((x, i) => ref(x, [2, -1.5, 4][i % 3]!));
        close(
          result(fn.call(k(), v, b), "float32", 6),
          want.map((w) => (Number.isNaN(w) ? Number.NaN : w)),
          cls,
          name,
        );
        unchanged(st, data, "float32");
        unchanged(bst, [0.5, 2, -1.5, 4], "float32");
      });
    }

    kernelTest("int32 add, mul and pow wrap around; maximum and minimum propagate NaN", () => {
      const a = store([2147483647, -2147483648, 65536, 3], "int32");
      const b = store([1, -1, 65536, 4], "int32");
      const va = view(a, "int32", [4], [1], 0);
      const vb = view(b, "int32", [4], [1], 0);
      expect(result(k().add(va, vb), "int32", 4)).toEqual([-2147483648, 2147483647, 131072, 7]);
      expect(result(k().mul(va, vb), "int32", 4)).toEqual([2147483647, -2147483648, 0, 12]);
      expect(result(k().pow(va, view(b, "int32", [4], [0], 0)), "int32", 4)).toEqual([
        2147483647, -2147483648, 65536, 3,
      ]);
      const f = store([Number.NaN, 1, 2]);
      const g = store([0, Number.NaN, 3]);
      const vf = view(f, "float32", [3], [1], 0);
      const vg = view(g, "float32", [3], [1], 0);
      expect(result(k().maximum(vf, vg), "float32", 3)).toEqual([Number.NaN, Number.NaN, 3]);
      expect(result(k().minimum(vf, vg), "float32", 3)).toEqual([Number.NaN, Number.NaN, 2]);
    });

    kernelTest("equal, less and where on strided and broadcast views, bools included", () => {
      const { v, data } = awkward();
      const z = store([0.75]);
      const zb = view(z, "float32", [2, 3], [0, 0], 0);
      const a = denote(data, v);
      const eq = result(k().equal(v, zb), "bool", 6);
      const lt = result(k().less(v, zb), "bool", 6);
      expect(eq).toEqual(a.map((x) => (x === 0.75 ? 1 : 0)));
      expect(lt).toEqual(a.map((x) => (x < 0.75 ? 1 : 0)));
      const nan = store([Number.NaN]);
      const nv = view(nan, "float32", [2], [0], 0);
      expect(result(k().equal(nv, nv), "bool", 2)).toEqual([0, 0]);
      expect(result(k().less(nv, view(z, "float32", [2], [0], 0)), "bool", 2)).toEqual([0, 0]);
      const cond = store([1, 0, 0], "bool");
      const c = view(cond, "bool", [2, 3], [0, -1], 2); // rows [0, 0, 1]
      expect(result(k().where(c, v, zb), "float32", 6)).toEqual([0.75, 0.75, a[2], 0.75, 0.75, a[5]]);
      const bools = store([1, 0], "bool");
      expect(
        result(k().equal(view(bools, "bool", [2], [1], 0), view(bools, "bool", [2], [-1], 1)), "bool", 2),
      ).toEqual([0, 0]);
    });

    kernelTest("sum, prod, max (and min, argmin if present) reduce strided views over any axes", () => {
      const data = Array.from({ length: 30 }, (_, i) => ((i * 7) % 5) - 2); // small integers: every sum and product is exact
      const st = store(data);
      // a [2, 3, 2] view: axis 0 reversed, axis 1 stepping by 3, axis 2 contiguous, from offset 16
      const v = view(st, "float32", [2, 3, 2], [-15, 3, 1], 16);
      const x = denote(data, v);
      const at = (i: number, j: number, l: number) => x[i * 6 + j * 2 + l]!;
      const over = (axes: number[], f: (vals: number[]) => number) => {
        const out: number[] = [];
        const keep = [0, 1, 2].filter((a) => !axes.includes(a));
        const dims = [2, 3, 2];
        const outer = keep.map((a) => dims[a]!);
        const total = outer.reduce((p, q) => p * q, 1);
        for (let o = 0; o < total; o++) {
          const idx = [0, 0, 0];
          let rem = o;
          for (let q = keep.length - 1; q >= 0; q--) {
            idx[keep[q]!] = rem % outer[q]!;
            rem = Math.floor(rem / outer[q]!);
          }
          const vals: number[] = [];
          for (let i = 0; i < 2; i++)
            for (let j = 0; j < 3; j++)
              for (let l = 0; l < 2; l++) {
                if (
                  (axes.includes(0) || i === idx[0]) &&
                  (axes.includes(1) || j === idx[1]) &&
                  (axes.includes(2) || l === idx[2])
                )
                  vals.push(at(i, j, l));
              }
          out.push(f(vals));
        }
        return out;
      };
      const sum = (a: number[]) => a.reduce((p, q) => p + q, 0);
      const prod = (a: number[]) => a.reduce((p, q) => p * q, 1);
      for (const axes of [[0], [1], [2], [0, 2], [0, 1, 2]]) {
        const n = over(axes, sum).length;
        expect(result(k().sum(v, axes), "float32", n), `sum ${axes}`).toEqual(over(axes, sum));
        expect(result(k().prod(v, axes), "float32", n), `prod ${axes}`).toEqual(over(axes, prod));
        expect(result(k().max(v, axes), "float32", n), `max ${axes}`).toEqual(
          over(axes, (a) => Math.max(...a)),
        );
        if (k().min)
          expect(result(k().min!(v, axes), "float32", n), `min ${axes}`).toEqual(
            over(axes, (a) => Math.min(...a)),
          );
      }
      for (const axis of [0, 1, 2]) {
        const n = 12 / [2, 3, 2][axis]!;
        const argmax = over([axis], (a) => a.indexOf(Math.max(...a)));
        expect(result(k().argmax(v, axis), "int32", n), `argmax ${axis}`).toEqual(argmax);
        if (k().argmin)
          expect(result(k().argmin!(v, axis), "int32", n), `argmin ${axis}`).toEqual(
            over([axis], (a) => a.indexOf(Math.min(...a))),
          );
      }
      const empty = view(st, "float32", [0, 3], [3, 1], 0);
      expect(result(k().sum(empty, [0]), "float32", 3)).toEqual([0, 0, 0]);
      expect(result(k().prod(empty, [0]), "float32", 3)).toEqual([1, 1, 1]);
      unchanged(st, data, "float32");
    });

    kernelTest("argmax counts NaN as the extreme and takes the first of ties", () => {
      const st = store([1, 3, 3, Number.NaN, 2, Number.NaN]);
      expect(result(k().argmax(view(st, "float32", [2, 3], [3, 1], 0), 1), "int32", 2)).toEqual([1, 0]);
      expect(result(k().max(view(st, "float32", [2, 3], [3, 1], 0), [1]), "float32", 2)).toEqual([
        3,
        Number.NaN,
      ]);
    });

    kernelTest("gather and scatterAdd read strided x, index and src", () => {
      const { st, v, data } = awkward();
      const x = denote(data, v); // [2, 3]
      const ist = store([2, 0, 1, 1], "int32");
      const index = view(ist, "int32", [2, 2], [1, 2], 0); // [[2, 1], [0, 1]]
      expect(result(k().gather(v, index, 1), "float32", 4)).toEqual([x[2], x[1], x[3], x[4]]);
      const src = store([10, 20, 30, 40]);
      const sv = view(src, "float32", [2, 2], [-2, -1], 3); // [[40, 30], [20, 10]]
      const want = [...x];
      want[2]! += 40;
      want[1]! += 30;
      want[3]! += 20;
      want[4]! += 10;
      expect(result(k().scatterAdd(v, index, sv, 1), "float32", 6)).toEqual(want.map(Math.fround));
      const dup = view(ist, "int32", [2, 1], [0, 1], 3); // [[1], [1]] along axis 0
      const col = view(src, "float32", [2, 1], [1, 1], 0); // [[10], [20]]
      const want0 = [...x];
      want0[3]! += 30;
      expect(result(k().scatterAdd(v, dup, col, 0), "float32", 6)).toEqual(want0.map(Math.fround));
      unchanged(st, data, "float32");
      unchanged(src, [10, 20, 30, 40], "float32");
    });

    kernelTest("matmul (optional) honours views and its transpose flags", () => {
      const matmul = k().matmul;
      if (!matmul) return;
      const data = Array.from({ length: 24 }, (_, i) => (i % 5) - 2 + i / 8);
      const st = store(data);
      // a: [2, 3] stored transposed ([3, 2] row-major) and read through strides [1, 2]
      const a = view(st, "float32", [2, 3], [1, 2], 0);
      const b = view(st, "float32", [3, 4], [4, 1], 8);
      const A = denote(data, a);
      const B = denote(data, b);
      const want: number[] = [];
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 4; j++)
          want.push(A[i * 3]! * B[j]! + A[i * 3 + 1]! * B[4 + j]! + A[i * 3 + 2]! * B[8 + j]!);
      close(
        result(matmul.call(k(), a, b, { transposeA: true, transposeB: false }), "float32", 8),
        want,
        "accumulate",
        "transposeA",
      );
      // batch of 2 with a broadcast (stride-0) batch axis on b
      const ab = view(st, "float32", [2, 2, 3], [6, 3, 1], 0);
      const bb = view(st, "float32", [2, 3, 4], [0, 4, 1], 8);
      const AB = denote(data, ab);
      const wantB: number[] = [];
      for (let n = 0; n < 2; n++)
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 4; j++) {
            let acc = 0;
            for (let p = 0; p < 3; p++) acc += AB[n * 6 + i * 3 + p]! * B[p * 4 + j]!;
            wantB.push(acc);
          }
      close(
        result(matmul.call(k(), ab, bb, { transposeA: false, transposeB: false }), "float32", 16),
        wantB,
        "accumulate",
        "batched",
      );
      unchanged(st, data, "float32");
    });

    kernelTest("conv2d, maxPool2d, avgPool2d, softmax, logSoftmax (optional) read strided input", () => {
      const data = Array.from({ length: 64 }, (_, i) => ((i * 13) % 17) / 4 - 2);
      const st = store(data);
      // [1, 2, 3, 3] input read backwards from the end of the storage
      const x = view(st, "float32", [1, 2, 3, 3], [0, -9, -3, -1], 40);
      const X = denote(data, x);
      const win = {
        kernel: [2, 2] as const,
        stride: [1, 1] as const,
        padding: [0, 0, 0, 0] as const,
        dilation: [1, 1] as const,
      };
      const windows = (f: (vals: number[]) => number) => {
        const out: number[] = [];
        for (let c = 0; c < 2; c++)
          for (let i = 0; i < 2; i++)
            for (let j = 0; j < 2; j++)
              out.push(
                f([
                  X[c * 9 + i * 3 + j]!,
                  X[c * 9 + i * 3 + j + 1]!,
                  X[c * 9 + i * 3 + j + 3]!,
                  X[c * 9 + i * 3 + j + 4]!,
                ]),
              );
        return out;
      };
      if (k().maxPool2d)
        close(
          result(k().maxPool2d!(x, win), "float32", 8),
          windows((v) => Math.max(...v)),
          "exact",
          "maxPool2d",
        );
      if (k().avgPool2d)
        close(
          result(k().avgPool2d!(x, { ...win, countIncludePad: true }), "float32", 8),
          windows((v) => (v[0]! + v[1]! + v[2]! + v[3]!) / 4),
          "accumulate",
          "avgPool2d",
        );
      if (k().conv2d) {
        const w = store([1, 1, 1, 1, 1, 1, 1, 1]); // [1, 2, 2, 2] of ones: sums both channels' windows
        const got = result(
          k().conv2d!(x, view(w, "float32", [1, 2, 2, 2], [8, 4, 2, 1], 0), { ...win, groups: 1 }),
          "float32",
          4,
        );
        const per = windows((v) => v[0]! + v[1]! + v[2]! + v[3]!);
        close(
          got,
          [0, 1, 2, 3].map((i) => per[i]! + per[i + 4]!),
          "accumulate",
          "conv2d",
        );
      }
      for (const name of ["softmax", "logSoftmax"] as const) {
        const fn = k()[name];
        if (!fn) continue;
        const v = view(st, "float32", [2, 3], [-1, 5], 30);
        const V = denote(data, v);
        const want: number[] = [];
        for (let r = 0; r < 2; r++) {
          const row = V.slice(r * 3, r * 3 + 3);
          const m = Math.max(...row);
          const z = row.reduce((acc, q) => acc + Math.exp(q - m), 0);
          for (const q of row) want.push(name === "softmax" ? Math.exp(q - m) / z : q - m - Math.log(z));
        }
        close(result(fn.call(k(), v, 1), "float32", 6), want, "transcendental", name);
      }
      unchanged(st, data, "float32");
    });
  });
}
