import type { Backend, DType, RequiredKernels, TypedArray, View } from "@tensorkit/tensor";
import { alloc, elements, reductionGroups, rowMajorStrides, sizeOf } from "./strided.js";

/**
 * A storage of the minimal backend: a plain typed array. Bools are bytes holding 0 or 1.
 * Freed storages are remembered so that a double free, or a kernel reading a freed storage,
 * fails loudly instead of silently working (a wasm or GPU backend would corrupt memory there).
 */
type Storage = TypedArray;
type V = View<Storage>;

const freed = new WeakSet<Storage>();

function live(view: V, kernel: string): V {
  if (freed.has(view.storage)) throw new Error(`minimal backend: ${kernel} read a freed storage`);
  return view;
}

/** A new storage of `dtype` holding `values` (already computed as JS numbers). */
function store(values: ArrayLike<number>, dtype: DType): Storage {
  const out = alloc(dtype, values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

const unary =
  (name: string, f: (x: number) => number) =>
  (x: V): Storage =>
    store(elements(live(x, name)).map(f), x.dtype);

/** int32 results wrap around in two's complement, as in PyTorch; floats keep their value. */
const binary =
  (name: string, f: (a: number, b: number) => number, int?: (a: number, b: number) => number) =>
  (a: V, b: V): Storage => {
    const xs = elements(live(a, name));
    const ys = elements(live(b, name));
    const g = a.dtype === "int32" && int ? int : f;
    return store(
      xs.map((x, i) => g(x, ys[i]!)),
      a.dtype,
    );
  };

const compare =
  (name: string, f: (a: number, b: number) => boolean) =>
  (a: V, b: V): Storage => {
    const xs = elements(live(a, name));
    const ys = elements(live(b, name));
    return store(
      xs.map((x, i) => (f(x, ys[i]!) ? 1 : 0)),
      "bool",
    );
  };

const reduce =
  (name: string, init: number, step: (acc: number, x: number) => number, int = step) =>
  (x: V, axes: readonly number[]): Storage => {
    const xs = elements(live(x, name));
    const f = x.dtype === "int32" ? int : step;
    return store(
      reductionGroups(x.shape, axes).map((group) => group.reduce((acc, i) => f(acc, xs[i]!), init)),
      x.dtype,
    );
  };

/** Round half to even (JS's Math.round rounds half up). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `a ** b` as C's pow: JS's `**` gives NaN for 1 ** NaN and (-1) ** ±Infinity, C gives 1. */
function pow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  return a ** b;
}

/** int32 power by repeated multiplication (wrapping); negative exponents give 0 unless a is ±1. */
function powInt(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let r = 1;
  for (let i = 0; i < b; i++) r = Math.imul(r, a);
  return r;
}

/** NaN wins in maximum/minimum/max, as in PyTorch. */
const maxOf = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b));
const minOf = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b));

/** float → int32 truncates toward zero; NaN gives 0, ±Infinity and out-of-range values clamp. */
function toInt32(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.min(2147483647, Math.max(-2147483648, Math.trunc(x)));
}

/**
 * Calls `visit(outer, inner, axisIndex)` for a tensor of `shape` split around `axis`: `outer`
 * counts the elements before the axis, `inner` those after it (row-major).
 */
function splitAt(shape: readonly number[], axis: number) {
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  return { outer, inner, length: shape[axis]! };
}

const kernels: RequiredKernels<Storage> = {
  // ---- storage ----
  write: (values, dtype) => store(values, dtype),
  read(storage, dtype, size) {
    if (freed.has(storage)) throw new Error("minimal backend: read of a freed storage");
    return store(storage.subarray(0, size), dtype);
  },
  free(storage) {
    if (freed.has(storage)) throw new Error("minimal backend: storage freed twice");
    freed.add(storage);
  },
  fill: (size, value, dtype) => alloc(dtype, size).fill(value),

  // ---- movement and conversion ----
  copy: (x) => store(elements(live(x, "copy")), x.dtype),
  cast(x, dtype) {
    const xs = elements(live(x, "cast"));
    if (dtype === "bool")
      return store(
        xs.map((v) => (v !== 0 ? 1 : 0)),
        dtype,
      ); // NaN !== 0: true
    if (dtype === "int32") return store(xs.map(toInt32), dtype);
    return store(xs, dtype);
  },
  concat(inputs, axis) {
    const first = inputs[0]!;
    const shape = [...first.shape];
    shape[axis] = inputs.reduce((n, v) => n + v.shape[axis]!, 0);
    const out = alloc(first.dtype, sizeOf(shape));
    const { outer, inner, length } = splitAt(shape, axis);
    let start = 0; // where along `axis` the current input begins
    for (const input of inputs) {
      const xs = elements(live(input, "concat"));
      const n = input.shape[axis]!;
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < n * inner; k++) out[(o * length + start) * inner + k] = xs[o * n * inner + k]!;
      }
      start += n;
    }
    return out;
  },

  // ---- element-wise unary ----
  neg: unary("neg", (x) => -x),
  abs: unary("abs", Math.abs),
  sign: unary("sign", (x) => (Number.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0)),
  exp: unary("exp", Math.exp),
  log: unary("log", Math.log),
  sqrt: unary("sqrt", Math.sqrt),
  sin: unary("sin", Math.sin),
  cos: unary("cos", Math.cos),
  floor: unary("floor", Math.floor),
  ceil: unary("ceil", Math.ceil),
  round: unary("round", roundHalfEven),

  // ---- element-wise binary ----
  add: binary(
    "add",
    (a, b) => a + b,
    (a, b) => (a + b) | 0,
  ),
  sub: binary(
    "sub",
    (a, b) => a - b,
    (a, b) => (a - b) | 0,
  ),
  mul: binary("mul", (a, b) => a * b, Math.imul),
  div: binary("div", (a, b) => a / b),
  pow: binary("pow", pow, powInt),
  maximum: binary("maximum", maxOf),
  minimum: binary("minimum", minOf),

  // ---- comparisons and selection ----
  equal: compare("equal", (a, b) => a === b),
  less: compare("less", (a, b) => a < b),
  where(cond, a, b) {
    const c = elements(live(cond, "where"));
    const xs = elements(live(a, "where"));
    const ys = elements(live(b, "where"));
    return store(
      c.map((v, i) => (v ? xs[i]! : ys[i]!)),
      a.dtype,
    );
  },

  // ---- reductions ----
  // Accumulating in a JS number (float64) and rounding once keeps float32 sums accurate.
  sum: reduce(
    "sum",
    0,
    (acc, x) => acc + x,
    (acc, x) => (acc + x) | 0,
  ),
  prod: reduce("prod", 1, (acc, x) => acc * x, Math.imul),
  max: reduce("max", Number.NEGATIVE_INFINITY, maxOf),
  argmax(x, axis) {
    const xs = elements(live(x, "argmax"));
    const { outer, inner, length } = splitAt(x.shape, axis);
    const out = new Int32Array(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let best = 0;
        for (let k = 1; k < length; k++) {
          const v = xs[(o * length + k) * inner + i]!;
          const b = xs[(o * length + best) * inner + i]!;
          if (Number.isNaN(b)) break; // the first NaN is the extreme
          if (v > b || Number.isNaN(v)) best = k;
        }
        out[o * inner + i] = best;
      }
    }
    return out;
  },

  // ---- indexing ----
  gather(x, index, axis) {
    const xs = elements(live(x, "gather"));
    const ix = elements(live(index, "gather"));
    const xStrides = rowMajorStrides(x.shape);
    const iStrides = rowMajorStrides(index.shape);
    return store(
      ix.map((target, flat) => {
        // the same coordinates as in `index`, with `axis` replaced by the index value
        let pos = 0;
        for (let d = 0; d < index.shape.length; d++) {
          const coord = d === axis ? target : Math.floor(flat / iStrides[d]!) % index.shape[d]!;
          pos += coord * xStrides[d]!;
        }
        return xs[pos]!;
      }),
      x.dtype,
    );
  },
  scatterAdd(x, index, src, axis) {
    const out = store(elements(live(x, "scatterAdd")), x.dtype);
    const ix = elements(live(index, "scatterAdd"));
    const ss = elements(live(src, "scatterAdd"));
    const xStrides = rowMajorStrides(x.shape);
    const iStrides = rowMajorStrides(index.shape);
    const acc = Array.from(out); // accumulate in float64, round once
    ix.forEach((target, flat) => {
      let pos = 0;
      for (let d = 0; d < index.shape.length; d++) {
        const coord = d === axis ? target : Math.floor(flat / iStrides[d]!) % index.shape[d]!;
        pos += coord * xStrides[d]!;
      }
      acc[pos]! += ss[flat]!;
    });
    return store(acc, x.dtype);
  },
};

/**
 * A deliberately small backend: plain TypeScript over typed arrays, only the required kernels of
 * the contract, written for reading rather than speed. Every other op (matmul, conv2d, softmax, …)
 * runs through the reference compositions of `@tensorkit/tensor`, so passing the conformance
 * suite with it proves those compositions. Copy it to start a new backend.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend, tensor } from "@tensorkit/tensor";
 * import { createMinimalBackend } from "@tensorkit/backend-conformance/minimal";
 * registerBackend("minimal", createMinimalBackend);
 * await setBackend("minimal");
 * tensor([1, 2, 3]).add(1).toArray(); // [2, 3, 4]
 * ```
 */
export function createMinimalBackend(): Backend<Storage> {
  return { name: "minimal", dtypes: ["float32", "int32", "bool", "float64"], kernels };
}
