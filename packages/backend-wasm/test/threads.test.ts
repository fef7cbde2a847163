import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend, type WasmBackend, type WasmStorage } from "../src/index.js";
import { PARALLEL_MIN_MACS } from "../src/kernels/matmul.js";
import { contiguousStrides, readAll, values, view } from "./helpers.js";

// Threaded matmul: a product large enough to split is computed by all the pool's threads over one
// shared packing of B, each claiming blocks of C's rows (assembly/gemm-shared.ts). It must give
// exactly the single-threaded answer (each element is the same sum in the same order) and the
// naive triple loop's within float32 rounding.

let one: WasmBackend;
let two: WasmBackend;
let three: WasmBackend;
beforeAll(async () => {
  one = await createWasmBackend({ threads: 1 });
  two = await createWasmBackend({ threads: 2 });
  three = await createWasmBackend({ threads: 3 });
});
afterAll(() => {
  for (const b of [one, two, three]) b.dispose?.();
});

/** C = A·B in float64 by the triple loop, A given by element accessor (so any layout is read the same). */
function naive(
  M: number,
  N: number,
  K: number,
  a: (i: number, k: number) => number,
  b: (k: number, j: number) => number,
) {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a(i, k) * b(k, j);
      c[i * N + j] = s;
    }
  return c;
}

const NOT_TRANSPOSED = { transposeA: false, transposeB: false };

interface Operand {
  readonly data: Float32Array;
  readonly shape: number[];
  readonly strides: number[];
}

/** `rows × cols` values stored row-major, or stored as the transpose and viewed back. */
function operand(rows: number, cols: number, transposed: boolean, seed: number): Operand {
  const data = Float32Array.from(values(rows * cols, seed));
  return transposed
    ? { data, shape: [rows, cols], strides: [1, rows] }
    : { data, shape: [rows, cols], strides: [cols, 1] };
}

function matmulOn(b: WasmBackend, x: Operand, y: Operand): number[] {
  const sx = b.kernels.write(x.data, "float32");
  const sy = b.kernels.write(y.data, "float32");
  const out = b.kernels.matmul!(
    view(sx, "float32", x.shape, x.strides),
    view(sy, "float32", y.shape, y.strides),
    {
      transposeA: x.strides[0] === 1,
      transposeB: y.strides[0] === 1,
    },
  );
  const n = x.shape[0]! * y.shape[1]!;
  const result = readAll(b, out as WasmStorage, "float32", n);
  for (const s of [sx, sy, out]) b.kernels.free(s as WasmStorage);
  return result;
}

describe("threads option", () => {
  it("a product below the threshold stays on the calling thread", () => {
    const before = two.threadRounds;
    matmulOn(two, operand(64, 64, false, 1), operand(64, 64, false, 2)); // 262,144 multiply-adds
    expect(two.threadRounds).toBe(before);
  });

  it("reports the threads it runs", () => {
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(three.threads).toBe(3);
  });

  it("rejects a thread count that is not a positive integer, naming it", async () => {
    await expect(createWasmBackend({ threads: 0 })).rejects.toThrow(
      /threads must be "auto" or an integer from 1 to 64, got 0/,
    );
    await expect(createWasmBackend({ threads: 1.5 })).rejects.toThrow(/got 1.5/);
  });
});

describe("threaded matmul", () => {
  // shapes chosen above the threshold, with ragged edges (M not a multiple of 4, N not of 8)
  const cases = [
    { M: 203, N: 130, K: 97, ta: false, tb: false }, // cut by rows
    { M: 37, N: 515, K: 120, ta: false, tb: true }, // cut by columns, B transposed (x·Wᵀ)
    { M: 150, N: 149, K: 211, ta: true, tb: false }, // A transposed (xᵀ·dy)
    { M: 129, N: 67, K: 300, ta: true, tb: true },
    // B in phases of 256 rows of K (8 here) by up to 1024 columns (2 here), C's rows claimed in each
    { M: 70, N: 700, K: 2048, ta: false, tb: false },
    { M: 40, N: 1100, K: 300, ta: false, tb: true },
  ];
  for (const { M, N, K, ta, tb } of cases) {
    it(`${M}×${K} · ${K}×${N}${ta ? ", A transposed" : ""}${tb ? ", B transposed" : ""}: 2 and 3 threads equal 1 thread bit for bit, and the naive loop`, () => {
      expect(M * N * K).toBeGreaterThanOrEqual(PARALLEL_MIN_MACS);
      const x = operand(M, K, ta, 11);
      const y = operand(K, N, tb, 12);
      const single = matmulOn(one, x, y);
      const rounds = [two.threadRounds, three.threadRounds];
      expect(matmulOn(two, x, y)).toEqual(single);
      expect(matmulOn(three, x, y)).toEqual(single);
      // one round each: the product was split over the pool
      expect([two.threadRounds - rounds[0]!, three.threadRounds - rounds[1]!]).toEqual([1, 1]);
      expect(one.threadRounds).toBe(0);
      const at = (o: Operand) => (i: number, j: number) => o.data[i * o.strides[0]! + j * o.strides[1]!]!;
      const want = naive(M, N, K, at(x), at(y));
      for (let i = 0; i < want.length; i++)
        expect(Math.abs(single[i]! - want[i]!)).toBeLessThan(1e-4 * Math.sqrt(K));
    });
  }

  it("a batch of products too small to cut is dealt out one product per thread, in rounds", () => {
    // 7 products of 96×96·96×96 (884,736 multiply-adds each: below the threshold alone, above it
    // two at a time), the batch broadcast over B
    const [batches, n] = [7, 96];
    const xs = Float32Array.from(values(batches * n * n, 5));
    const ys = Float32Array.from(values(n * n, 6));
    const run = (b: WasmBackend) => {
      const sx = b.kernels.write(xs, "float32");
      const sy = b.kernels.write(ys, "float32");
      const out = b.kernels.matmul!(
        view(sx, "float32", [batches, n, n], contiguousStrides([batches, n, n])),
        view(sy, "float32", [batches, n, n], [0, n, 1]),
        NOT_TRANSPOSED,
      );
      return readAll(b, out as WasmStorage, "float32", batches * n * n);
    };
    const single = run(one);
    const rounds = [two.threadRounds, three.threadRounds];
    expect(run(two)).toEqual(single);
    expect(run(three)).toEqual(single);
    // 7 products: 4 rounds of 2, 3 rounds of 3
    expect([two.threadRounds - rounds[0]!, three.threadRounds - rounds[1]!]).toEqual([4, 3]);
    const t = 3;
    const want = naive(
      n,
      n,
      n,
      (i, k) => xs[t * n * n + i * n + k]!,
      (k, j) => ys[k * n + j]!,
    );
    for (let i = 0; i < want.length; i++)
      expect(Math.abs(single[t * n * n + i]! - want[i]!)).toBeLessThan(1e-4);
  });

  it.each([
    [160, 120, 90],
    [20, 300, 2048], // B in 8 phases of 256 rows of K
    [20, 600, 300], // and in phases of up to 512 float64 columns
  ])("float64 products split too (%i×%i×%i)", (M, N, K) => {
    const xs = Float64Array.from(values(M * K, 7));
    const ys = Float64Array.from(values(K * N, 8));
    const run = (b: WasmBackend) => {
      const out = b.kernels.matmul!(
        view(b.kernels.write(xs, "float64"), "float64", [M, K], [K, 1]),
        view(b.kernels.write(ys, "float64"), "float64", [K, N], [N, 1]),
        NOT_TRANSPOSED,
      );
      return readAll(b, out as WasmStorage, "float64", M * N);
    };
    const got = run(two);
    expect(got).toEqual(run(one));
    const want = naive(
      M,
      N,
      K,
      (i, k) => xs[i * K + k]!,
      (k, j) => ys[k * N + j]!,
    );
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-12);
  });

  it("keeps working after the shared memory grows", () => {
    const before = two.memoryInfo().capacity;
    const big = two.kernels.write(new Float32Array(16 * 2 ** 20), "float32"); // 64 MiB
    expect(two.memoryInfo().capacity).toBeGreaterThan(before);
    const x = operand(200, 150, false, 21);
    const y = operand(150, 170, false, 22);
    expect(matmulOn(two, x, y)).toEqual(matmulOn(one, x, y));
    two.kernels.free(big as WasmStorage);
  });
});

describe("thread pool start-up", () => {
  it("a pool used the moment it is created runs its first round (50 pools of 3 threads)", async () => {
    // A worker that read the round counter after saying "ready" could miss a round started at
    // once, leaving the caller waiting (a deadlock that loaded machines hit); the pool now also
    // fails after 10 s instead of waiting forever, so a regression fails here rather than hangs.
    const x = operand(128, 128, false, 31);
    const want = matmulOn(one, x, x);
    for (let i = 0; i < 50; i++) {
      const b = await createWasmBackend({ threads: 3 });
      expect(matmulOn(b, x, x)).toEqual(want);
      expect(b.threadRounds).toBe(1);
      b.dispose?.();
    }
  }, 60_000);

  it("a disposed backend's pool refuses work with a typed error", async () => {
    const b = await createWasmBackend({ threads: 2 });
    const x = operand(128, 128, false, 32);
    b.dispose?.();
    expect(() => matmulOn(b, x, x)).toThrow(/thread pool was disposed/);
  });
});
