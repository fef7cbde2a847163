import type { Backend, OptionalKernels, RequiredKernels, View } from "../../src/backend/contract.js";
import { allocHostArray, type DType, type TypedArray } from "../../src/core/dtype.js";

/**
 * A tiny backend for the tests of `@tensorkit/tensor`: every required kernel of the contract and
 * nothing else, on plain typed arrays, written to be obviously correct rather than fast. Kernels
 * read inputs only through `values` (an odometer) and `at` (one multi-index), the two places that
 * understand strides, offsets, stride-0 and negative strides.
 *
 * Storages are counted, so a test can check that an op (and every composition inside it) freed
 * all of its temporaries: `backend.liveStorages` before and after.
 */
type S = TypedArray;
type V = View<S>;

/** A test backend and the number of storages it holds right now. */
export type TestBackend = Backend<S> & { readonly liveStorages: number };

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Every multi-index of `shape`, in row-major order. */
export function coords(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  const n = sizeOf(shape);
  for (let flat = 0; flat < n; flat++) {
    const c = new Array<number>(shape.length);
    let rest = flat;
    for (let a = shape.length - 1; a >= 0; a--) {
      c[a] = rest % shape[a]!;
      rest = Math.floor(rest / shape[a]!);
    }
    out.push(c);
  }
  return out;
}

/** The element of `v` at multi-index `c`, read through strides and offset. */
export function at(v: V, c: readonly number[]): number {
  let pos = v.offset;
  for (let a = 0; a < c.length; a++) pos += c[a]! * v.strides[a]!;
  return v.storage[pos]!;
}

/** The elements of `v` in row-major order (an odometer over the shape, stepping by strides). */
export function values(v: V): number[] {
  const n = sizeOf(v.shape);
  const out = new Array<number>(n);
  const c = new Array<number>(v.shape.length).fill(0);
  let pos = v.offset;
  for (let i = 0; i < n; i++) {
    out[i] = v.storage[pos]!;
    for (let a = v.shape.length - 1; a >= 0; a--) {
      if (++c[a]! < v.shape[a]!) {
        pos += v.strides[a]!;
        break;
      }
      pos -= v.strides[a]! * (v.shape[a]! - 1);
      c[a] = 0;
    }
  }
  return out;
}

/** Row-major flat index of `c` in `shape`. */
function flatIndex(shape: readonly number[], c: readonly number[]): number {
  let f = 0;
  for (let a = 0; a < shape.length; a++) f = f * shape[a]! + c[a]!;
  return f;
}

/** Converts a JS number to what `dtype` stores (int32 truncates, clamps, NaN → 0; bool is ≠ 0). */
function toDType(x: number, dtype: DType): number {
  if (dtype === "bool") return x !== 0 ? 1 : 0; // NaN !== 0: true
  if (dtype === "int32")
    return Number.isNaN(x) ? 0 : Math.max(-2147483648, Math.min(2147483647, Math.trunc(x)));
  return x;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function intPow(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let r = 1;
  for (let i = 0; i < b; i++) r = Math.imul(r, a);
  return r;
}

/** A new storage of `dtype` holding `data`. */
export function store(dtype: DType, data: ArrayLike<number>): S {
  const out = allocHostArray(dtype, data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]!;
  return out;
}

/**
 * A new backend with every required kernel. `extra` adds optional kernels (for tests of the fused
 * paths); the storages they return are counted too.
 */
export function createTestBackend(extra: Partial<OptionalKernels<S>> = {}, name = "test"): TestBackend {
  const live = new Set<S>();
  const track = (s: S): S => {
    live.add(s);
    return s;
  };
  const make = (dtype: DType, data: ArrayLike<number>): S => track(store(dtype, data));
  const unary =
    (f: (x: number) => number) =>
    (x: V): S =>
      make(x.dtype, values(x).map(f));
  const binary =
    (f: (a: number, b: number) => number, int: (a: number, b: number) => number = f) =>
    (a: V, b: V): S => {
      const bs = values(b);
      const g = a.dtype === "int32" ? int : f;
      return make(
        a.dtype,
        values(a).map((x, i) => g(x, bs[i]!)),
      );
    };
  const compare =
    (f: (a: number, b: number) => boolean) =>
    (a: V, b: V): S => {
      const bs = values(b);
      return make(
        "bool",
        values(a).map((x, i) => (f(x, bs[i]!) ? 1 : 0)),
      );
    };
  const reduce =
    (init: number, f: (acc: number, x: number) => number) =>
    (x: V, axes: readonly number[]): S => {
      const outShape = x.shape.filter((_, a) => !axes.includes(a));
      const acc = new Array<number>(sizeOf(outShape)).fill(init);
      // The output slot of every input element: read 0, 1, 2, … (one per output element) through
      // the input's shape with stride 0 on the reduced axes.
      const outStrides = x.shape.map(() => 0);
      let step = 1;
      for (let a = x.shape.length - 1; a >= 0; a--) {
        if (axes.includes(a)) continue;
        outStrides[a] = step;
        step *= x.shape[a]!;
      }
      const slots = values({ ...x, storage: Float64Array.from(acc.keys()), strides: outStrides, offset: 0 });
      const xs = values(x);
      for (let i = 0; i < xs.length; i++) acc[slots[i]!] = f(acc[slots[i]!]!, xs[i]!);
      return make(x.dtype, acc);
    };
  const nanMax = (a: number, b: number): number =>
    Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b);
  const nanMin = (a: number, b: number): number =>
    Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b);

  const kernels: RequiredKernels<S> = {
    write: (vals, dtype) => make(dtype, vals),
    read: (storage, dtype, size) => {
      const out = allocHostArray(dtype, size);
      for (let i = 0; i < size; i++) out[i] = storage[i]!;
      return out;
    },
    free: (storage) => {
      if (!live.delete(storage))
        throw new Error("test backend: free of a storage that is not live (double free?)");
    },
    fill: (size, value, dtype) => make(dtype, new Array<number>(size).fill(value)),
    copy: (x) => make(x.dtype, values(x)),
    cast: (x, dtype) =>
      make(
        dtype,
        values(x).map((v) => toDType(v, dtype)),
      ),
    concat: (inputs, axis) => {
      const first = inputs[0]!;
      const shape = [...first.shape];
      shape[axis] = inputs.reduce((n, v) => n + v.shape[axis]!, 0);
      const out = new Array<number>(sizeOf(shape));
      let start = 0;
      for (const v of inputs) {
        for (const c of coords(v.shape)) {
          const oc = [...c];
          oc[axis] = c[axis]! + start;
          out[flatIndex(shape, oc)] = at(v, c);
        }
        start += v.shape[axis]!;
      }
      return make(first.dtype, out);
    },
    neg: unary((x) => -x),
    abs: unary(Math.abs),
    sign: unary((x) => (Number.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0)),
    exp: unary(Math.exp),
    log: unary(Math.log),
    sqrt: unary(Math.sqrt),
    sin: unary(Math.sin),
    cos: unary(Math.cos),
    floor: unary(Math.floor),
    ceil: unary(Math.ceil),
    round: unary(roundHalfEven),
    add: binary((a, b) => a + b),
    sub: binary((a, b) => a - b),
    mul: binary((a, b) => a * b, Math.imul),
    div: binary((a, b) => a / b),
    pow: binary((a, b) => a ** b, intPow),
    maximum: binary(nanMax),
    minimum: binary(nanMin),
    equal: compare((a, b) => a === b),
    less: compare((a, b) => a < b),
    where: (cond, a, b) => {
      const cs = values(cond);
      const as = values(a);
      const bs = values(b);
      return make(
        a.dtype,
        cs.map((c, i) => (c !== 0 ? as[i]! : bs[i]!)),
      );
    },
    sum: reduce(0, (acc, x) => acc + x),
    prod: reduce(1, (acc, x) => acc * x),
    max: reduce(Number.NEGATIVE_INFINITY, nanMax),
    argmax: (x, axis) => {
      const outShape = x.shape.filter((_, a) => a !== axis);
      const best = new Array<number>(sizeOf(outShape)).fill(Number.NEGATIVE_INFINITY);
      const arg = new Array<number>(sizeOf(outShape)).fill(-1);
      for (const c of coords(x.shape)) {
        const o = flatIndex(
          outShape,
          c.filter((_, a) => a !== axis),
        );
        const v = at(x, c);
        // the first maximum wins; the first NaN beats everything
        if (arg[o] === -1 || (!Number.isNaN(best[o]!) && (Number.isNaN(v) || v > best[o]!))) {
          best[o] = v;
          arg[o] = c[axis]!;
        }
      }
      return make("int32", arg);
    },
    gather: (x, index, axis) =>
      make(
        x.dtype,
        coords(index.shape).map((c) => {
          const src = [...c];
          src[axis] = at(index, c);
          return at(x, src);
        }),
      ),
    scatterAdd: (x, index, src, axis) => {
      const out = values(x);
      for (const c of coords(index.shape)) {
        const dst = [...c];
        dst[axis] = at(index, c);
        const f = flatIndex(x.shape, dst);
        out[f] = toDType(out[f]! + at(src, c), x.dtype);
      }
      return make(x.dtype, out);
    },
  };
  const tracked: Record<string, unknown> = {};
  for (const [k, fn] of Object.entries(extra) as [string, (...args: unknown[]) => S][]) {
    tracked[k] = k === "readAsync" ? fn : (...args: unknown[]) => track(fn(...args));
  }
  return {
    name,
    dtypes: ["float32", "int32", "bool", "float64"],
    kernels: { ...kernels, ...(tracked as Partial<OptionalKernels<S>>) },
    get liveStorages() {
      return live.size;
    },
  };
}
