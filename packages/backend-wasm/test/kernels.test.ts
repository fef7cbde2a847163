import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend, type WasmBackend } from "../src/index.js";
import { contiguousStrides, naiveElements, readAll, values, view } from "./helpers.js";

let b: WasmBackend;
beforeAll(async () => {
  b = await createWasmBackend();
});

const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));

describe("element-wise kernels read any strides", () => {
  // a 5×7 storage viewed transposed, flipped, sliced with a step, and broadcast
  const data = f32(values(35, 3));
  const layouts = {
    contiguous: { shape: [5, 7], strides: [7, 1], offset: 0 },
    transposed: { shape: [7, 5], strides: [1, 7], offset: 0 },
    flipped: { shape: [5, 7], strides: [-7, -1], offset: 34 },
    stepped: { shape: [3, 3], strides: [14, 2], offset: 1 },
    broadcast: { shape: [4, 7], strides: [0, 1], offset: 7 },
  };
  for (const [name, l] of Object.entries(layouts)) {
    it(`add, mul, maximum and exp match a naive loop on a ${name} view`, () => {
      const s = b.kernels.write(Float32Array.from(data), "float32");
      const x = view(s, "float32", l.shape, l.strides, l.offset);
      const n = l.shape[0]! * l.shape[1]!;
      const xs = naiveElements(data, x);
      // the second operand: the same view, so both inputs take the strided path
      expect(readAll(b, b.kernels.add(x, x), "float32", n)).toEqual(f32(xs.map((v) => v + v)));
      expect(readAll(b, b.kernels.mul(x, x), "float32", n)).toEqual(f32(xs.map((v) => v * v)));
      expect(readAll(b, b.kernels.maximum(x, x), "float32", n)).toEqual(xs);
      const e = readAll(b, b.kernels.exp(x), "float32", n);
      for (const [i, v] of e.entries()) expect(v).toBeCloseTo(Math.exp(xs[i]!), 6);
      expect(readAll(b, b.kernels.copy(x), "float32", n)).toEqual(xs);
    });
  }

  it("SIMD and scalar tails agree with a naive loop for every length up to 19", () => {
    for (let n = 0; n < 20; n++) {
      const xs = f32(values(n, n + 1));
      const ys = f32(values(n, n + 100));
      const a = b.kernels.write(Float32Array.from(xs), "float32");
      const c = b.kernels.write(Float32Array.from(ys), "float32");
      const va = view(a, "float32", [n], [1]);
      const vc = view(c, "float32", [n], [1]);
      expect(readAll(b, b.kernels.sub(va, vc), "float32", n)).toEqual(f32(xs.map((x, i) => x - ys[i]!)));
      expect(readAll(b, b.kernels.div(va, vc), "float32", n)).toEqual(f32(xs.map((x, i) => x / ys[i]!)));
      expect(readAll(b, b.kernels.minimum(va, vc), "float32", n)).toEqual(
        xs.map((x, i) => Math.min(x, ys[i]!)),
      );
      expect(readAll(b, b.kernels.abs(va), "float32", n)).toEqual(xs.map(Math.abs));
      // a stride-0 scalar on the right: the splat path
      const s = view(c, "float32", [n], [0]);
      if (n > 0)
        expect(readAll(b, b.kernels.add(va, s), "float32", n)).toEqual(f32(xs.map((x) => x + ys[0]!)));
    }
  });

  it("where with a dense condition, for every length up to 13 (SIMD steps and a scalar tail)", () => {
    for (let n = 1; n < 14; n++) {
      const cond = Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
      const xs = f32(values(n, n + 40));
      const ys = f32(values(n, n + 80));
      const c = view(b.kernels.write(Uint8Array.from(cond), "bool"), "bool", [n], [1]);
      const a = view(b.kernels.write(Float32Array.from(xs), "float32"), "float32", [n], [1]);
      const d = view(b.kernels.write(Float32Array.from(ys), "float32"), "float32", [n], [1]);
      const zero = view(b.kernels.write(Float32Array.of(0), "float32"), "float32", [n], [0]);
      // dense/dense, dense/scalar (relu's gradient), scalar/dense
      expect(readAll(b, b.kernels.where(c, a, d), "float32", n)).toEqual(
        cond.map((k, i) => (k ? xs[i] : ys[i])),
      );
      expect(readAll(b, b.kernels.where(c, a, zero), "float32", n)).toEqual(
        cond.map((k, i) => (k ? xs[i] : 0)),
      );
      expect(readAll(b, b.kernels.where(c, zero, d), "float32", n)).toEqual(
        cond.map((k, i) => (k ? 0 : ys[i])),
      );
      // int32 takes the same path
      const ia = view(
        b.kernels.write(
          Int32Array.from(cond, (_, i) => i + 1),
          "int32",
        ),
        "int32",
        [n],
        [1],
      );
      const ib = view(b.kernels.write(Int32Array.of(-5), "int32"), "int32", [n], [0]);
      expect(readAll(b, b.kernels.where(c, ia, ib), "int32", n)).toEqual(
        cond.map((k, i) => (k ? i + 1 : -5)),
      );
    }
  });

  it("equal and less on dense and broadcast-scalar operands, NaN included, every length up to 13", () => {
    for (let n = 1; n < 14; n++) {
      const xs = f32(values(n, n + 7).map((v, i) => (i % 5 === 3 ? Number.NaN : Math.round(v * 2) / 2)));
      const ys = f32(values(n, n + 9).map((v) => Math.round(v * 2) / 2));
      const a = view(b.kernels.write(Float32Array.from(xs), "float32"), "float32", [n], [1]);
      const c = view(b.kernels.write(Float32Array.from(ys), "float32"), "float32", [n], [1]);
      const zero = view(b.kernels.write(Float32Array.of(0), "float32"), "float32", [n], [0]);
      const bit = (t: boolean) => (t ? 1 : 0);
      expect(readAll(b, b.kernels.less(a, c), "bool", n)).toEqual(xs.map((x, i) => bit(x < ys[i]!)));
      expect(readAll(b, b.kernels.equal(a, c), "bool", n)).toEqual(xs.map((x, i) => bit(x === ys[i]!)));
      expect(readAll(b, b.kernels.less(zero, a), "bool", n)).toEqual(xs.map((x) => bit(0 < x)));
      expect(readAll(b, b.kernels.equal(a, zero), "bool", n)).toEqual(xs.map((x) => bit(x === 0)));
      const ints = Int32Array.from(xs, (x) => (Number.isNaN(x) ? -2147483648 : x * 2));
      const ia = view(b.kernels.write(ints, "int32"), "int32", [n], [1]);
      const iz = view(b.kernels.write(Int32Array.of(0), "int32"), "int32", [n], [0]);
      expect(readAll(b, b.kernels.less(ia, iz), "bool", n)).toEqual(Array.from(ints, (x) => bit(x < 0)));
    }
  });

  it("int32 arithmetic wraps around", () => {
    const a = b.kernels.write(Int32Array.of(2147483647, -2147483648, 65536, 7, 3), "int32");
    const v = view(a, "int32", [5], [1]);
    expect(readAll(b, b.kernels.add(v, v), "int32", 5)).toEqual([-2, 0, 131072, 14, 6]);
    expect(readAll(b, b.kernels.mul(v, v), "int32", 5)).toEqual([1, 0, 0, 49, 9]);
    expect(readAll(b, b.kernels.neg(v), "int32", 5)).toEqual([-2147483647, -2147483648, -65536, -7, -3]);
  });

  it("cast truncates toward zero, maps NaN to 0 and clamps", () => {
    const a = b.kernels.write(Float32Array.of(1.9, -1.9, Number.NaN, Infinity, -Infinity, 3e9, 0), "float32");
    const v = view(a, "float32", [7], [1]);
    expect(readAll(b, b.kernels.cast(v, "int32"), "int32", 7)).toEqual([
      1, -1, 0, 2147483647, -2147483648, 2147483647, 0,
    ]);
    expect(readAll(b, b.kernels.cast(v, "bool"), "bool", 7)).toEqual([1, 1, 1, 1, 1, 1, 0]);
  });
});

describe("reductions", () => {
  it("sum, max and argmax over every axis set of a permuted 3×4×5 view match a naive loop", () => {
    const shape = [3, 4, 5];
    const data = f32(values(60, 9));
    const s = b.kernels.write(Float32Array.from(data), "float32");
    // the storage is [5, 4, 3] contiguous; view it as [3, 4, 5] by reversing the axes
    const x = view(s, "float32", shape, [1, 3, 12]);
    const at = (i: number, j: number, k: number) => data[i + 3 * j + 12 * k]!;
    const axisSets = [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];
    for (const axes of axisSets) {
      const keep = [0, 1, 2].filter((d) => !axes.includes(d));
      const outShape = keep.map((d) => shape[d]!);
      const outSize = outShape.reduce((p, q) => p * q, 1);
      const sums = new Array<number>(outSize).fill(0);
      const maxs = new Array<number>(outSize).fill(-Infinity);
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 4; j++)
          for (let k = 0; k < 5; k++) {
            const idx = [i, j, k];
            let o = 0;
            for (const d of keep) o = o * shape[d]! + idx[d]!;
            sums[o] = sums[o]! + at(i, j, k);
            maxs[o] = Math.max(maxs[o]!, at(i, j, k));
          }
      const gotSum = readAll(b, b.kernels.sum(x, axes), "float32", outSize);
      for (const [i, v] of gotSum.entries()) expect(v).toBeCloseTo(sums[i]!, 5);
      expect(readAll(b, b.kernels.max(x, axes), "float32", outSize)).toEqual(maxs);
    }
    const am = readAll(b, b.kernels.argmax(x, 1), "int32", 15);
    for (let i = 0; i < 3; i++)
      for (let k = 0; k < 5; k++) {
        let best = 0;
        for (let j = 1; j < 4; j++) if (at(i, j, k) > at(i, best, k)) best = j;
        expect(am[i * 5 + k]).toBe(best);
      }
  });

  it("sums over the leading axes of a dense block (bias gradients) are the float64 sums in order, rounded once", () => {
    for (const [shape, axes] of [
      [[64, 128], [0]],
      [
        [28, 64, 13],
        [0, 1],
      ],
      [[7, 3], [0]],
      [
        [5, 2, 3],
        [0, 1, 2],
      ],
    ] as [number[], number[]][]) {
      const n = shape.reduce((p, q) => p * q, 1);
      const xs = Float32Array.from(values(n, n), (v) => v * 1000 + 0.1);
      const cols = shape.slice(axes.length).reduce((p, q) => p * q, 1);
      const rows = n / cols;
      const want = Array.from({ length: cols }, (_, j) => {
        let acc = 0; // float64, rows in order
        for (let i = 0; i < rows; i++) acc += xs[i * cols + j]!;
        return Math.fround(acc);
      });
      const dense = view(b.kernels.write(xs, "float32"), "float32", shape, contiguousStrides(shape));
      expect(readAll(b, b.kernels.sum(dense, axes), "float32", cols)).toEqual(want);
    }
  });

  it("a float32 sum of 100,000 values keeps float64 accuracy", () => {
    const xs = Float32Array.from(values(100_000, 4), (v) => v + 0.5);
    const s = b.kernels.write(xs, "float32");
    let want = 0;
    for (const v of xs) want += v;
    const got = readAll(b, b.kernels.sum(view(s, "float32", [100_000], [1]), [0]), "float32", 1)[0]!;
    expect(got).toBe(Math.fround(want));
  });
});

describe("matmul", () => {
  /** C = A·B by the textbook triple loop, in float64. */
  function naive(a: number[], b2: number[], M: number, N: number, K: number): number[] {
    const c = new Array<number>(M * N).fill(0);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc += a[i * K + k]! * b2[k * N + j]!;
        c[i * N + j] = acc;
      }
    return c;
  }
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 2],
    [4, 8, 16],
    [7, 9, 300], // several K blocks
    [130, 17, 33], // several M blocks, edge tiles on both sides
    [5, 2100, 3], // several N blocks
    [64, 64, 0],
  ];
  for (const [M, N, K] of sizes) {
    for (const [tA, tB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`${M}×${K} · ${K}×${N}${tA ? ", A transposed" : ""}${tB ? ", B transposed" : ""} matches a triple loop`, () => {
        const av = f32(values(M * K, M + K));
        const bv = f32(values(K * N, N + 7));
        // store A (and B) transposed when asked, and view it back as [M, K] through strides
        const aStore = tA
          ? Array.from({ length: M * K }, (_, p) => av[(p % M) * K + Math.floor(p / M)]!)
          : av;
        const bStore = tB
          ? Array.from({ length: K * N }, (_, p) => bv[(p % K) * N + Math.floor(p / K)]!)
          : bv;
        const sa = b.kernels.write(Float32Array.from(aStore), "float32");
        const sb = b.kernels.write(Float32Array.from(bStore), "float32");
        const va = view(sa, "float32", [M, K], tA ? [1, M] : [K, 1]);
        const vb = view(sb, "float32", [K, N], tB ? [1, K] : [N, 1]);
        const got = readAll(
          b,
          b.kernels.matmul!(va, vb, { transposeA: tA, transposeB: tB }),
          "float32",
          M * N,
        );
        const want = naive(av, bv, M, N, K);
        for (const [i, v] of got.entries()) expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5 * (K + 1));
      });
    }
  }

  it("writes every output element: a reused block's old contents (NaN here) never leak in", () => {
    const [M, N, K] = [37, 45, 300]; // edge tiles on both sides, two K blocks
    // a freed block of the output's size class, full of NaN, is what the next allocation gets
    const junk = b.kernels.write(new Float32Array(M * N).fill(Number.NaN), "float32");
    b.kernels.free(junk);
    const av = f32(values(M * K, 31));
    const bv = f32(values(K * N, 32));
    const sa = b.kernels.write(Float32Array.from(av), "float32");
    const sb = b.kernels.write(Float32Array.from(bv), "float32");
    const got = readAll(
      b,
      b.kernels.matmul!(view(sa, "float32", [M, K], [K, 1]), view(sb, "float32", [K, N], [N, 1]), {
        transposeA: false,
        transposeB: false,
      }),
      "float32",
      M * N,
    );
    const want = naive(av, bv, M, N, K);
    for (const [i, v] of got.entries()) expect(Math.abs(v - want[i]!)).toBeLessThan(1e-4);
  });

  it("broadcasts a batch axis with stride 0 and reads batch offsets", () => {
    const [B, M, N, K] = [3, 5, 6, 4];
    const av = f32(values(B * M * K, 11));
    const bv = f32(values(K * N, 12));
    const sa = b.kernels.write(Float32Array.from(av), "float32");
    const sb = b.kernels.write(Float32Array.from(bv), "float32");
    const va = view(sa, "float32", [B, M, K], contiguousStrides([B, M, K]));
    const vb = view(sb, "float32", [B, K, N], [0, N, 1]);
    const got = readAll(
      b,
      b.kernels.matmul!(va, vb, { transposeA: false, transposeB: false }),
      "float32",
      B * M * N,
    );
    for (let t = 0; t < B; t++) {
      const want = naive(av.slice(t * M * K, (t + 1) * M * K), bv, M, N, K);
      for (const [i, w] of want.entries()) expect(got[t * M * N + i]).toBeCloseTo(w, 5);
    }
  });

  it("float64 products keep double precision", () => {
    const [M, N, K] = [9, 11, 37];
    const av = values(M * K, 21);
    const bv = values(K * N, 22);
    const sa = b.kernels.write(Float64Array.from(av), "float64");
    const sb = b.kernels.write(Float64Array.from(bv), "float64");
    const got = readAll(
      b,
      b.kernels.matmul!(view(sa, "float64", [M, K], [K, 1]), view(sb, "float64", [K, N], [N, 1]), {
        transposeA: false,
        transposeB: false,
      }),
      "float64",
      M * N,
    );
    for (const [i, w] of naive(av, bv, M, N, K).entries()) expect(Math.abs(got[i]! - w)).toBeLessThan(1e-12);
  });
});

describe("gather, scatterAdd and concat", () => {
  it("gather of whole rows (one index per row, as a batch selection) copies them, in every dtype", () => {
    for (const n of [1, 3, 4, 9, 17, 33]) {
      const rowsIn = 5;
      const picks = [4, 0, 4, 2];
      const data = values(rowsIn * n, n).map((v) => Math.round(v * 100));
      const arrays = {
        float32: Float32Array.from(data),
        float64: Float64Array.from(data),
        int32: Int32Array.from(data),
        bool: Uint8Array.from(data, (v) => (v > 0 ? 1 : 0)),
      } as const;
      const idx = b.kernels.write(Int32Array.from(picks), "int32");
      // the index broadcast along the row: stride 0, as the core builds it for x[picks]
      const index = view(idx, "int32", [picks.length, n], [1, 0]);
      for (const [dtype, arr] of Object.entries(arrays) as [
        keyof typeof arrays,
        (typeof arrays)[keyof typeof arrays],
      ][]) {
        const x = view(b.kernels.write(arr, dtype), dtype, [rowsIn, n], [n, 1]);
        const want = picks.flatMap((p) => Array.from(arr.slice(p * n, (p + 1) * n)));
        expect(readAll(b, b.kernels.gather(x, index, 0), dtype, picks.length * n), `${dtype} n=${n}`).toEqual(
          want,
        );
      }
    }
  });

  it("gather along axis 1 of a transposed view", () => {
    const data = [0, 1, 2, 3, 4, 5]; // storage [3, 2]; view [2, 3] transposed: [[0, 2, 4], [1, 3, 5]]
    const s = b.kernels.write(Float32Array.from(data), "float32");
    const x = view(s, "float32", [2, 3], [1, 2]);
    const idx = b.kernels.write(Int32Array.of(2, 0, 1, 1), "int32");
    const got = b.kernels.gather(x, view(idx, "int32", [2, 2], [2, 1]), 1);
    expect(readAll(b, got, "float32", 4)).toEqual([4, 0, 3, 3]);
  });

  it("scatterAdd accumulates repeated indices", () => {
    const x = b.kernels.write(Float32Array.of(1, 1, 1), "float32");
    const idx = b.kernels.write(Int32Array.of(0, 2, 0, 0), "int32");
    const src = b.kernels.write(Float32Array.of(1, 2, 3, 4), "float32");
    const got = b.kernels.scatterAdd(
      view(x, "float32", [3], [1]),
      view(idx, "int32", [4], [1]),
      view(src, "float32", [4], [1]),
      0,
    );
    expect(readAll(b, got, "float32", 3)).toEqual([9, 1, 3]);
  });

  it("concat joins strided inputs along the middle axis", () => {
    const a = b.kernels.write(Int32Array.of(1, 2, 3, 4), "int32");
    const c = b.kernels.write(Int32Array.of(5, 6), "int32");
    const got = b.kernels.concat(
      [view(a, "int32", [2, 2, 1], [1, 2, 1]), view(c, "int32", [2, 1, 1], [1, 1, 1])],
      1,
    );
    expect(readAll(b, got, "int32", 6)).toEqual([1, 3, 5, 2, 4, 6]);
  });
});
