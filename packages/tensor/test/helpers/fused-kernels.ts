import type { OptionalKernels, View } from "../../src/backend/contract.js";
import type { TypedArray } from "../../src/core/dtype.js";
import { at, coords, store } from "./reference-backend.js";

/**
 * Deliberately naive versions of the fused optional kernels, to run the ops' kernel paths in tests:
 * `createTestBackend(fusedKernels)`. Each is the textbook loop, reading inputs through strides.
 */
type V = View<TypedArray>;

const matmul: OptionalKernels<TypedArray>["matmul"] = (a, b) => {
  const r = a.shape.length;
  const [m, k] = [a.shape[r - 2]!, a.shape[r - 1]!];
  const n = b.shape[r - 1]!;
  const outShape = [...a.shape.slice(0, -2), m, n];
  return store(
    a.dtype,
    coords(outShape).map((c) => {
      const batch = c.slice(0, -2);
      let s = 0;
      for (let p = 0; p < k; p++) s += at(a, [...batch, c[r - 2]!, p]) * at(b, [...batch, p, c[r - 1]!]);
      return s;
    }),
  );
};

/** Softmax-family kernel: for each position, the values along `axis` → f(values)[own index]. */
const alongAxis =
  (f: (xs: number[]) => number[]) =>
  (x: V, axis: number): TypedArray =>
    store(
      x.dtype,
      coords(x.shape).map((c) => {
        const xs = Array.from({ length: x.shape[axis]! }, (_, i) =>
          at(
            x,
            c.map((v, a) => (a === axis ? i : v)),
          ),
        );
        return f(xs)[c[axis]!]!;
      }),
    );

const softmax = alongAxis((xs) => {
  const m = Math.max(...xs);
  const e = xs.map((v) => Math.exp(v - m));
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((v) => v / s);
});

const logSoftmax = alongAxis((xs) => {
  const m = Math.max(...xs);
  const lse = Math.log(xs.reduce((p, v) => p + Math.exp(v - m), 0));
  return xs.map((v) => v - m - lse);
});

/** Output positions along one axis: floor((size + padding - dilation·(kernel - 1) - 1) / stride) + 1. */
function outSize(size: number, k: number, s: number, p0: number, p1: number, d: number): number {
  return Math.floor((size + p0 + p1 - d * (k - 1) - 1) / s) + 1;
}

const conv2d: OptionalKernels<TypedArray>["conv2d"] = (x, w, o) => {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const [oc, cg, kh, kw] = w.shape as [number, number, number, number];
  const oh = outSize(h, kh, o.stride[0], o.padding[0], o.padding[1], o.dilation[0]);
  const ow = outSize(wd, kw, o.stride[1], o.padding[2], o.padding[3], o.dilation[1]);
  const perGroup = oc / o.groups;
  return store(
    x.dtype,
    coords([n, oc, oh, ow]).map(([b, f, r, q]) => {
      const g = Math.floor(f! / perGroup);
      let s = 0;
      for (let ci = 0; ci < cg; ci++) {
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const y = r! * o.stride[0] - o.padding[0] + i * o.dilation[0];
            const z = q! * o.stride[1] - o.padding[2] + j * o.dilation[1];
            if (y >= 0 && y < h && z >= 0 && z < wd)
              s += at(x, [b!, g * cg + ci, y, z]) * at(w, [f!, ci, i, j]);
          }
        }
      }
      return s;
    }),
  );
};

const pool = (
  x: V,
  win: Parameters<OptionalKernels<TypedArray>["maxPool2d"]>[1],
  reduce: (xs: number[], inside: number) => number,
) => {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [kh, kw] = win.kernel;
  const oh = outSize(h, kh, win.stride[0], win.padding[0], win.padding[1], win.dilation[0]);
  const ow = outSize(wd, kw, win.stride[1], win.padding[2], win.padding[3], win.dilation[1]);
  return store(
    x.dtype,
    coords([n, c, oh, ow]).map(([b, ch, r, q]) => {
      const xs: number[] = [];
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const y = r! * win.stride[0] - win.padding[0] + i * win.dilation[0];
          const z = q! * win.stride[1] - win.padding[2] + j * win.dilation[1];
          if (y >= 0 && y < h && z >= 0 && z < wd) xs.push(at(x, [b!, ch!, y, z]));
        }
      }
      return reduce(xs, xs.length);
    }),
  );
};

/** The fused kernels, ready to pass to `createTestBackend`. */
export const fusedKernels: Partial<OptionalKernels<TypedArray>> = {
  matmul,
  softmax,
  logSoftmax,
  conv2d,
  maxPool2d: (x, win) => pool(x, win, (xs) => (xs.some(Number.isNaN) ? Number.NaN : Math.max(...xs))),
  avgPool2d: (x, win) =>
    pool(
      x,
      win,
      (xs, inside) =>
        xs.reduce((p, v) => p + v, 0) / (win.countIncludePad ? win.kernel[0] * win.kernel[1] : inside),
    ),
};
