import { beforeEach, describe, expect, it } from "vitest";
import { matmul, ShapeError, tensor, transpose } from "../src/index.js";
import {
  compositionBackend,
  expectClose,
  PATHS,
  randomValues,
  storagesLeft,
  use,
} from "./helpers/harness.js";

/** Triple-loop product of row-major `a` [m,k] and `b` [k,n]. */
function naiveMatmul(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out[i * n + j]! += a[i * k + p]! * b[p * n + j]!;
  return out;
}

/** Row-major transpose of an [r,c] matrix. */
function naiveTranspose(a: number[], r: number, c: number): number[] {
  return Array.from({ length: r * c }, (_, idx) => a[(idx % r) * c + Math.floor(idx / r)]!);
}

describe.each(PATHS)("matmul (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  it("multiplies matrices like the triple loop", () => {
    const a = randomValues(3 * 5, 1);
    const b = randomValues(5 * 4, 2);
    const y = matmul(tensor(a, { shape: [3, 5] }), tensor(b, { shape: [5, 4] }));
    expect(y.shape).toEqual([3, 4]);
    expect(y.dtype).toBe("float32");
    expectClose(y.dataSync(), naiveMatmul(a, b, 3, 5, 4));
  });

  it("computes a hand-checked product", () => {
    expect(
      matmul(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([
          [5, 6],
          [7, 8],
        ]),
      ).toArray(),
    ).toEqual([
      [19, 22],
      [43, 50],
    ]);
  });

  it("applies transposeA and transposeB to the last two axes", () => {
    const a = randomValues(5 * 3, 3); // stored [5,3], used as [3,5]
    const b = randomValues(4 * 5, 4); // stored [4,5], used as [5,4]
    const expected = naiveMatmul(naiveTranspose(a, 5, 3), naiveTranspose(b, 4, 5), 3, 5, 4);
    const ta = tensor(a, { shape: [5, 3] });
    const tb = tensor(b, { shape: [4, 5] });
    expectClose(matmul(ta, tb, { transposeA: true, transposeB: true }).dataSync(), expected);
    // the same as transposing first
    expectClose(matmul(transpose(ta), transpose(tb)).dataSync(), expected);
    expectClose(
      matmul(ta, tensor(naiveTranspose(b, 4, 5), { shape: [5, 4] }), { transposeA: true }).dataSync(),
      expected,
    );
  });

  it("treats 1-D operands as NumPy does", () => {
    const v = tensor([1, 2, 3]);
    const m = tensor([
      [1, 0, 2],
      [0, 1, 1],
    ]);
    const dot = matmul(v, v);
    expect(dot.shape).toEqual([]);
    expect(dot.item()).toBe(14);
    const mv = matmul(m, v);
    expect(mv.shape).toEqual([2]);
    expect(mv.toArray()).toEqual([7, 5]);
    const vm = matmul(tensor([1, 1]), m);
    expect(vm.shape).toEqual([3]);
    expect(vm.toArray()).toEqual([1, 1, 3]);
    // a vector against a batch of matrices: [3] · [2,3,2] → [2,2]
    const batch = tensor([
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [
        [2, 0],
        [0, 2],
        [0, 0],
      ],
    ]);
    const vb = matmul(v, batch);
    expect(vb.shape).toEqual([2, 2]);
    expect(vb.toArray()).toEqual([
      [4, 5],
      [2, 4],
    ]);
    // a batch of matrices against a vector: [2,3,2] · [2] → [2,3]
    expect(matmul(batch, tensor([1, 10])).toArray()).toEqual([
      [1, 10, 11],
      [2, 20, 0],
    ]);
  });

  it("broadcasts batch dimensions", () => {
    const a = randomValues(2 * 1 * 3 * 4, 5); // [2,1,3,4]
    const b = randomValues(5 * 4 * 2, 6); // [5,4,2]
    const y = matmul(tensor(a, { shape: [2, 1, 3, 4] }), tensor(b, { shape: [5, 4, 2] }));
    expect(y.shape).toEqual([2, 5, 3, 2]);
    const got = y.dataSync();
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 5; j++) {
        const expected = naiveMatmul(a.slice(i * 12, i * 12 + 12), b.slice(j * 8, j * 8 + 8), 3, 4, 2);
        expectClose(got.slice((i * 5 + j) * 6, (i * 5 + j) * 6 + 6), expected);
      }
    }
  });

  it("promotes int32 to float32 and keeps float64", () => {
    const i = matmul(tensor([[1, 2]], "int32"), tensor([[3], [4]], "int32"));
    expect(i.dtype).toBe("float32");
    expect(i.toArray()).toEqual([[11]]);
    const d = matmul(tensor([[0.1, 0.2]], "float64"), tensor([[0.3], [0.4]], "float64"));
    expect(d.dtype).toBe("float64");
    expect(d.item()).toBeCloseTo(0.1 * 0.3 + 0.2 * 0.4, 15);
    expect(matmul(tensor([[1, 2]], "int32"), tensor([[0.5], [0.5]])).dtype).toBe("float32");
  });

  it("handles empty dimensions (K = 0 gives zeros)", () => {
    const y = matmul(
      tensor(new Float32Array(0), { shape: [2, 0] }),
      tensor(new Float32Array(0), { shape: [0, 3] }),
    );
    expect(y.toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(matmul(tensor(new Float32Array(0), { shape: [0, 2] }), tensor([[1], [2]])).shape).toEqual([0, 1]);
  });

  it("rejects mismatched shapes with a ShapeError naming both", () => {
    const a = tensor(randomValues(6), { shape: [2, 3] });
    const b = tensor(randomValues(20), { shape: [4, 5] });
    expect(() => matmul(a, b)).toThrow(ShapeError);
    expect(() => matmul(a, b)).toThrow("matmul: inner dimensions differ: a is [2,3], b is [4,5] (3 ≠ 4)");
    expect(() => matmul(a, a, { transposeB: true })).not.toThrow();
    expect(() => matmul(a, a)).toThrow("a is [2,3], b is [2,3] (3 ≠ 2)");
    expect(() => matmul(tensor(1), a)).toThrow(ShapeError);
    const batched = () =>
      matmul(tensor(randomValues(12), { shape: [2, 2, 3] }), tensor(randomValues(18), { shape: [3, 3, 2] }));
    expect(batched).toThrow(
      /matmul: batch dimensions \[2\] and \[3\] cannot be broadcast together: a is \[2,2,3\], b is \[3,3,2\]/,
    );
  });

  it("leaves only its output behind", () => {
    const a = tensor(randomValues(2 * 3 * 4), { shape: [2, 3, 4] });
    const b = tensor(randomValues(4), { shape: [4] });
    const { result, left } = storagesLeft(backend, () => matmul(a, b, { transposeA: false }));
    expect(left).toBe(1);
    result.dispose();
    const wrong = tensor([1, 2]);
    const { left: failed } = storagesLeft(backend, () => {
      expect(() => matmul(a, wrong)).toThrow(ShapeError);
      return [];
    });
    expect(failed).toBe(0);
  });

  it("is a Tensor method", () => {
    expect(
      tensor([[1, 2]])
        .matmul(tensor([[3], [4]]))
        .toArray(),
    ).toEqual([[11]]);
  });
});

describe("matmul composition on large operands", () => {
  beforeEach(() => use(compositionBackend));

  it("works in chunks no bigger than ~4M elements and still matches the triple loop", () => {
    const m = 300;
    const k = 150;
    const n = 100; // m·k·n = 4.5M > 4M: chunked over rows
    const a = randomValues(m * k, 7);
    const b = randomValues(k * n, 8);
    const kernels = compositionBackend.kernels;
    const mulKernel = kernels.mul;
    let largest = 0;
    kernels.mul = (x, y) => {
      largest = Math.max(
        largest,
        x.shape.reduce((p, d) => p * d, 1),
      );
      return mulKernel(x, y);
    };
    try {
      const y = matmul(tensor(a, { shape: [m, k] }), tensor(b, { shape: [k, n] }));
      expect(largest).toBeLessThanOrEqual(4 * 1024 * 1024);
      expect(largest).toBeGreaterThan(0);
      expectClose(y.dataSync(), naiveMatmul(a, b, m, k, n), 1e-4);
    } finally {
      kernels.mul = mulKernel;
    }
  }, 30_000);

  it("chunks over the batch axis too", () => {
    const a = randomValues(2 * 3 * 2000, 9); // [2,1,3,2000]
    const b = randomValues(2000 * 360, 10); // [1,2000,360]: 2·3·2000·360 = 4.3M, chunked over the batch axis
    const kernels = compositionBackend.kernels;
    const mulKernel = kernels.mul;
    let largest = 0;
    kernels.mul = (x, y) => {
      largest = Math.max(
        largest,
        x.shape.reduce((p, d) => p * d, 1),
      );
      return mulKernel(x, y);
    };
    try {
      const y = matmul(tensor(a, { shape: [2, 1, 3, 2000] }), tensor(b, { shape: [1, 2000, 360] }));
      expect(y.shape).toEqual([2, 1, 3, 360]);
      expect(largest).toBeLessThanOrEqual(4 * 1024 * 1024);
      const got = y.dataSync();
      for (const i of [0, 1]) {
        expectClose(
          got.slice(i * 1080, (i + 1) * 1080),
          naiveMatmul(a.slice(i * 6000, (i + 1) * 6000), b, 3, 2000, 360),
          1e-4,
        );
      }
    } finally {
      kernels.mul = mulKernel;
    }
  }, 30_000);
});
