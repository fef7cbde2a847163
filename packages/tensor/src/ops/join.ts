import { ShapeError, ValueError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { formatShape, normalizeAxis, type Shape, shapesEqual, sizeOf } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { castIfNeeded, prepareOperands, type TensorLike } from "./convert.js";
import { fullOn } from "./creation.js";
import { backendOf, wrap } from "./dispatch.js";
import { contiguous, expand, reshape, type SliceRange, slice, unsqueeze } from "./views.js";

/** Joining, splitting, padding and tiling. */

const listShapes = (ts: readonly Tensor[]): string => ts.map((t) => formatShape(t.shape)).join(", ");

/**
 * Joins tensors along an existing axis (`torch.cat`). Inputs are promoted to one dtype; their
 * shapes must match except along `axis`. Inputs empty along `axis` are allowed (and, as in
 * PyTorch, a 1-D tensor of shape `[0]` joins tensors of any rank).
 *
 * @example
 * ```ts
 * concat([tensor([[1, 2]]), tensor([[3, 4], [5, 6]])]); // [[1, 2], [3, 4], [5, 6]]
 * ```
 */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError("concat: expected a non-empty list of tensors");
  }
  return tidy(() => {
    const { tensors: ts, dtype } = prepareOperands("concat", tensors);
    const isLegacyEmpty = (t: Tensor): boolean => t.rank === 1 && t.shape[0] === 0;
    const ref = ts.find((t) => !isLegacyEmpty(t)) ?? ts[0]!;
    const parts = ref.rank === 1 ? ts : ts.filter((t) => !isLegacyEmpty(t));
    if (ref.rank === 0) {
      throw new ShapeError(
        `concat: zero-dimensional tensors cannot be joined along an axis (shapes ${listShapes(ts)}); use stack`,
      );
    }
    const a = normalizeAxis(axis, ref.rank, "concat");
    for (const t of parts) {
      if (t.rank !== ref.rank || t.shape.some((d, i) => i !== a && d !== ref.shape[i])) {
        throw new ShapeError(
          `concat: shapes must match except along axis ${a}: got ${listShapes(ts)} (${formatShape(t.shape)} differs from ${formatShape(ref.shape)})`,
        );
      }
    }
    const shape = [...ref.shape];
    shape[a] = parts.reduce((n, t) => n + t.shape[a]!, 0);
    const backend = backendOf("concat", ...ts);
    // Recorded with the parts that are joined (a legacy empty [0] input contributes nothing).
    return differentiable("concat", parts, { axis: a }, () => {
      if (sizeOf(shape) === 0) return fullOn(backend, shape, 0, dtype, "concat");
      const inputs = parts.filter((t) => t.shape[a]! > 0).map((t) => castIfNeeded(t, dtype).view("concat"));
      return wrap(backend, backend.kernels.concat(inputs, a), shape, dtype);
    });
  });
}

/**
 * Joins tensors of one shape along a new axis (`torch.stack`).
 *
 * @example
 * ```ts
 * stack([tensor([1, 2]), tensor([3, 4])], 1); // [[1, 3], [2, 4]]
 * ```
 */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError("stack: expected a non-empty list of tensors");
  }
  return tidy(() => {
    const { tensors: ts } = prepareOperands("stack", tensors);
    const ref = ts[0]!;
    if (ts.some((t) => !shapesEqual(t.shape, ref.shape))) {
      throw new ShapeError(`stack: every tensor must have the same shape, got ${listShapes(ts)}`);
    }
    const a = normalizeAxis(axis, ref.rank + 1, "stack");
    return concat(
      ts.map((t) => unsqueeze(t, a)),
      a,
    );
  });
}

/**
 * Splits `x` along `axis` into views (`torch.split`): a number gives chunks of that size (the last
 * may be smaller), a list gives chunks of those sizes, which must sum to the axis length.
 *
 * @example
 * ```ts
 * split(arange(5), 2);      // [0, 1], [2, 3], [4]
 * split(arange(5), [1, 4]); // [0], [1, 2, 3, 4]
 * ```
 */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], axis = 0): Tensor[] {
  const a = normalizeAxis(axis, x.rank, "split");
  const dim = x.shape[a]!;
  let sizes: number[];
  if (typeof sizeOrSizes === "number") {
    if (!Number.isInteger(sizeOrSizes) || sizeOrSizes <= 0) {
      throw new ValueError(`split: the chunk size must be a positive integer, got ${sizeOrSizes}`);
    }
    sizes = [];
    for (let start = 0; start < dim; start += sizeOrSizes) sizes.push(Math.min(sizeOrSizes, dim - start));
    if (sizes.length === 0) sizes.push(0); // torch.split of an empty axis gives one empty chunk
  } else {
    sizes = [...sizeOrSizes];
    if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ValueError(`split: sizes must be integers ≥ 0, got [${sizes.join(",")}]`);
    }
    const total = sizes.reduce((n, s) => n + s, 0);
    if (total !== dim) {
      throw new ShapeError(
        `split: sizes [${sizes.join(",")}] sum to ${total}, but axis ${a} of ${formatShape(x.shape)} has ${dim} elements`,
      );
    }
  }
  let start = 0;
  return sizes.map((n) => {
    const ranges: SliceRange[] = x.shape.map((_, i) => (i === a ? ([start, start + n] as const) : null));
    start += n;
    return slice(x, ranges);
  });
}

/** Options of {@link pad}. */
export interface PadOptions {
  /** The constant written into the padding. Default 0. */
  readonly value?: number | boolean;
}

/**
 * Pads `x` with a constant. `padding` holds one `[before, after]` pair per leading axis, in
 * axis order as NumPy's `pad` (not PyTorch's reversed flat list); missing trailing axes are not
 * padded. Padding is at least 0: crop with `slice`.
 *
 * @example
 * ```ts
 * pad(tensor([[1, 2]]), [[1, 0], [0, 2]]); // [[0, 0, 0, 0], [1, 2, 0, 0]]
 * ```
 */
export function pad(
  x: TensorLike,
  padding: readonly (readonly [number, number])[],
  options: PadOptions = {},
): Tensor {
  const value = options.value ?? 0;
  return tidy(() => {
    const t = prepareOperands("pad", [x]).tensors[0]!;
    if (!Array.isArray(padding) || padding.length > t.rank) {
      throw new ShapeError(
        `pad: ${Array.isArray(padding) ? padding.length : "no"} [before, after] pairs given for a tensor of shape ${formatShape(t.shape)}`,
      );
    }
    padding.forEach((pair, axis) => {
      if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(Number.isInteger)) {
        throw new ValueError(
          `pad: padding of axis ${axis} must be a pair of integers [before, after], got ${JSON.stringify(pair)}`,
        );
      }
      if (pair[0] < 0 || pair[1] < 0) {
        throw new ValueError(
          `pad: padding of axis ${axis} is [${pair.join(",")}]; it must be ≥ 0 (crop with slice instead)`,
        );
      }
    });
    const backend = backendOf("pad", t);
    const pairs = padding.map(([before, after]): [number, number] => [before, after]);
    return differentiable("pad", [t], { padding: pairs, value }, () => {
      let out = t;
      pairs.forEach(([before, after], axis) => {
        if (before === 0 && after === 0) return;
        const block = (n: number): Tensor =>
          fullOn(
            backend,
            out.shape.map((d, i) => (i === axis ? n : d)),
            value,
            t.dtype,
            "pad",
          );
        const parts = [...(before > 0 ? [block(before)] : []), out, ...(after > 0 ? [block(after)] : [])];
        const next = concat(parts, axis);
        // Free each step's intermediate now rather than at the end of the tidy: pad runs on images.
        for (const p of parts) if (p !== t) p.dispose();
        out = next;
      });
      return out === t ? contiguous(t) : out;
    });
  });
}

/**
 * Repeats `x` `reps[i]` times along each axis, as `numpy.tile`: when `reps` is shorter than the
 * rank it is padded with leading 1s, when longer `x` gains leading axes of size 1.
 *
 * @example
 * ```ts
 * tile(tensor([1, 2]), [2, 2]); // [[1, 2, 1, 2], [1, 2, 1, 2]]
 * ```
 */
export function tile(x: TensorLike, reps: readonly number[]): Tensor {
  if (!Array.isArray(reps) || reps.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new ValueError(`tile: reps must be a list of integers ≥ 0, got ${JSON.stringify(reps)}`);
  }
  return tidy(() => {
    const t = prepareOperands("tile", [x]).tensors[0]!;
    const rank = Math.max(t.rank, reps.length);
    const r: number[] = [...new Array<number>(rank - reps.length).fill(1), ...reps];
    let v = t;
    while (v.rank < rank) v = unsqueeze(v, 0);
    const dims: Shape = v.shape;
    // [d0, d1] → [1, d0, 1, d1] (views) → expand to [r0, d0, r1, d1] (stride 0) → one copy.
    for (let i = rank - 1; i >= 0; i--) v = unsqueeze(v, i);
    const interleaved = dims.flatMap((d, i) => [r[i]!, d]);
    return reshape(
      expand(v, interleaved),
      dims.map((d, i) => d * r[i]!),
    );
  });
}
