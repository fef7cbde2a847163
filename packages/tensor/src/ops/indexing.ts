import type { TypedArray } from "../core/dtype.js";
import { DTypeError, IndexError, ShapeError, ValueError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { formatShape, normalizeAxis, type Shape } from "../core/shape.js";
import { Tensor } from "../tensor.js";
import { equal } from "./compare.js";
import { cast, castIfNeeded, prepareOperands, type TensorLike } from "./convert.js";
import { type NestedInput, tensor } from "./creation.js";
import { backendOf, upload, wrap } from "./dispatch.js";
import { expand, reshape, slice, unsqueeze } from "./views.js";

/** Indices: an int32 tensor, or nested arrays of integers. */
export type IndexLike = Tensor | NestedInput;

/** `index` as an int32 tensor; a DTypeError for any other dtype or for non-integer values. */
function indexOperand(op: string, index: IndexLike): Tensor {
  if (index instanceof Tensor) {
    if (index.dtype !== "int32") {
      throw new DTypeError(
        `${op}: indices must be int32, got ${index.dtype} (index is ${formatShape(index.shape)}); convert with .cast("int32")`,
      );
    }
    return index;
  }
  const flat = ([index] as unknown[]).flat(Number.POSITIVE_INFINITY) as unknown[];
  const bad = flat.findIndex((v) => typeof v !== "number" || !Number.isInteger(v));
  if (bad >= 0)
    throw new DTypeError(`${op}: indices must be integers, got ${String(flat[bad])} at flat position ${bad}`);
  return tensor(index, "int32");
}

/** The multi-index of row-major element `flat` of `shape`, as `[i,j,k]`. */
function positionOf(flat: number, shape: Shape): string {
  const c = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    c[a] = flat % shape[a]!;
    flat = Math.floor(flat / shape[a]!);
  }
  return `[${c.join(",")}]`;
}

/** Throws an IndexError naming the first index outside [low, high), its position and `context`. */
function checkBounds(
  op: string,
  values: TypedArray,
  shape: Shape,
  low: number,
  high: number,
  context: () => string,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < low || v >= high) {
      throw new IndexError(
        `${op}: index ${v} at position ${positionOf(i, shape)} is out of range: ${context()}`,
      );
    }
  }
}

/**
 * Picks values of `x` along `axis` at `index` (`torch.gather`): for `axis = 1`,
 * `out[i][j][k] = x[i][index[i][j][k]][k]`. `index` (int32) has the rank of `x` and is no larger
 * than `x` on the other axes; the result has `index`'s shape. Negative indices are an IndexError.
 *
 * @example
 * ```ts
 * gather(tensor([[1, 2], [3, 4]]), 1, [[0, 0], [1, 0]]); // [[1, 1], [4, 3]]
 * ```
 */
export function gather(x: TensorLike, axis: number, index: IndexLike): Tensor {
  return tidy(() => {
    const t = prepareOperands("gather", [x]).tensors[0]!;
    const idx = indexOperand("gather", index);
    const shapes = `x is ${formatShape(t.shape)}, index is ${formatShape(idx.shape)}`;
    if (idx.rank !== t.rank) throw new ShapeError(`gather: index must have the rank of x: ${shapes}`);
    // A scalar is gathered as a one-element vector (axis 0 or -1).
    const a = normalizeAxis(axis, Math.max(t.rank, 1), "gather");
    return differentiable("gather", [t, idx], { axis: a }, () => {
      const scalar = t.rank === 0;
      const xs = scalar ? reshape(t, [1]) : t;
      const is = scalar ? reshape(idx, [1]) : idx;
      xs.shape.forEach((d, i) => {
        if (i !== a && is.shape[i]! > d) {
          throw new ShapeError(
            `gather: index is larger than x on axis ${i} (${is.shape[i]} > ${d}): ${shapes}`,
          );
        }
      });
      checkBounds(
        "gather",
        is.dataSync(),
        is.shape,
        0,
        xs.shape[a]!,
        () => `axis ${a} has size ${xs.shape[a]} (${shapes})`,
      );
      const backend = backendOf("gather", xs, is);
      const out = wrap(
        backend,
        backend.kernels.gather(xs.view("gather"), is.view("gather"), a),
        is.shape,
        xs.dtype,
      );
      return scalar ? reshape(out, []) : out;
    });
  });
}

/**
 * The slices of `x` at positions `index` (1-D, int32) along `axis` (`torch.index_select`).
 * Negative indices count from the end.
 *
 * @example
 * ```ts
 * indexSelect(tensor([[1, 2], [3, 4], [5, 6]]), 0, [2, -3]); // [[5, 6], [1, 2]]
 * ```
 */
export function indexSelect(x: TensorLike, axis: number, index: IndexLike): Tensor {
  return tidy(() => {
    const t = prepareOperands("indexSelect", [x]).tensors[0]!;
    const idx = indexOperand("indexSelect", index);
    if (idx.rank > 1) {
      throw new ShapeError(
        `indexSelect: index must be 1-D, got ${formatShape(idx.shape)} (x is ${formatShape(t.shape)})`,
      );
    }
    const a = normalizeAxis(axis, t.rank, "indexSelect");
    const n = t.shape[a]!;
    const values = idx.dataSync();
    checkBounds(
      "indexSelect",
      values,
      idx.shape,
      -n,
      n,
      () => `axis ${a} of x ${formatShape(t.shape)} has size ${n}`,
    );
    const resolved = Int32Array.from(values, (v) => (v < 0 ? v + n : v));
    const backend = backendOf("indexSelect", t, idx);
    const m = resolved.length;
    // gather with the index broadcast (stride 0) over every other axis: no copy of the index.
    // Recorded with the resolved (non-negative) 1-D index, which is what the gradient needs.
    const flatIndex = upload(backend, resolved, [m], "int32", "indexSelect");
    return differentiable("indexSelect", [t, flatIndex], { axis: a }, () => {
      const outShape = t.shape.map((d, i) => (i === a ? m : d));
      const expanded = expand(
        reshape(
          flatIndex,
          t.shape.map((_, i) => (i === a ? m : 1)),
        ),
        outShape,
      );
      return wrap(
        backend,
        backend.kernels.gather(t.view("indexSelect"), expanded.view("indexSelect"), a),
        outShape,
        t.dtype,
      );
    });
  });
}

/**
 * Out-of-place `scatter_add`: a copy of `x` where, for `axis = 1`,
 * `out[i][index[i][j][k]][k] += src[i][j][k]`. `index` (int32), `x` and `src` share a rank;
 * `index` is no larger than `src`, nor than `x` on axes other than `axis`. `src` has `x`'s dtype.
 *
 * @example
 * ```ts
 * scatterAdd(zeros([3]), 0, [0, 2, 0], tensor([1, 2, 3])); // [4, 0, 2]
 * ```
 */
export function scatterAdd(x: TensorLike, axis: number, index: IndexLike, src: TensorLike): Tensor {
  return tidy(() => {
    const t = prepareOperands("scatterAdd", [x]).tensors[0]!;
    const idx = indexOperand("scatterAdd", index);
    const s = src instanceof Tensor ? src : tensor(src, t.dtype);
    const shapes = `x is ${formatShape(t.shape)}, index is ${formatShape(idx.shape)}, src is ${formatShape(s.shape)}`;
    if (s.dtype !== t.dtype) {
      throw new DTypeError(
        `scatterAdd: src must have the dtype of x: x is ${t.dtype}, src is ${s.dtype} (${shapes})`,
      );
    }
    if (idx.rank !== t.rank || s.rank !== t.rank) {
      throw new ShapeError(`scatterAdd: x, index and src must have the same rank: ${shapes}`);
    }
    // A scalar is scattered as a one-element vector (axis 0 or -1).
    const a = normalizeAxis(axis, Math.max(t.rank, 1), "scatterAdd");
    return differentiable("scatterAdd", [t, idx, s], { axis: a }, () => {
      const scalar = t.rank === 0;
      const xs = scalar ? reshape(t, [1]) : t;
      const is = scalar ? reshape(idx, [1]) : idx;
      const ss = scalar ? reshape(s, [1]) : s;
      is.shape.forEach((d, i) => {
        if (d > ss.shape[i]!)
          throw new ShapeError(
            `scatterAdd: index is larger than src on axis ${i} (${d} > ${ss.shape[i]}): ${shapes}`,
          );
        if (i !== a && d > xs.shape[i]!)
          throw new ShapeError(
            `scatterAdd: index is larger than x on axis ${i} (${d} > ${xs.shape[i]}): ${shapes}`,
          );
      });
      checkBounds(
        "scatterAdd",
        is.dataSync(),
        is.shape,
        0,
        xs.shape[a]!,
        () => `axis ${a} has size ${xs.shape[a]} (${shapes})`,
      );
      // The kernel takes src of index's shape: the part of src that index does not cover is unused.
      const used = slice(
        ss,
        is.shape.map((d) => [0, d] as const),
      );
      // Adding bools is a logical or: add as int32, then back to bool.
      const computeIn = xs.dtype === "bool" ? "int32" : xs.dtype;
      const tc = castIfNeeded(xs, computeIn);
      const uc = castIfNeeded(used, computeIn);
      const backend = backendOf("scatterAdd", tc, is, uc);
      const kernelOut = backend.kernels.scatterAdd(
        tc.view("scatterAdd"),
        is.view("scatterAdd"),
        uc.view("scatterAdd"),
        a,
      );
      let out = wrap(backend, kernelOut, xs.shape, computeIn);
      if (computeIn !== xs.dtype) out = cast(out, xs.dtype);
      return scalar ? reshape(out, []) : out;
    });
  });
}

/**
 * One-hot encoding: an int32 tensor of shape `[...indices.shape, numClasses]` with a 1 at each
 * index. Indices outside `[0, numClasses)` are an IndexError.
 *
 * @example
 * ```ts
 * oneHot([0, 2], 3); // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function oneHot(indices: IndexLike, numClasses: number): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 0) {
    throw new ValueError(`oneHot: numClasses must be an integer ≥ 0, got ${numClasses}`);
  }
  return tidy(() => {
    const idx = indexOperand("oneHot", indices);
    checkBounds(
      "oneHot",
      idx.dataSync(),
      idx.shape,
      0,
      numClasses,
      () => `numClasses is ${numClasses} (indices are ${formatShape(idx.shape)})`,
    );
    const backend = backendOf("oneHot", idx);
    const classes = upload(
      backend,
      Int32Array.from({ length: numClasses }, (_, i) => i),
      [numClasses],
      "int32",
      "oneHot",
    );
    return cast(equal(unsqueeze(idx, -1), classes), "int32");
  });
}
