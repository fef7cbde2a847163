import { ShapeError, ValueError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import {
  contiguousStrides,
  formatShape,
  isRowMajor,
  normalizeAxes,
  normalizeAxis,
  type Shape,
  sizeOf,
  validateShape,
} from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { clone } from "./convert.js";
import { viewOf } from "./dispatch.js";

/**
 * Views: ops that change how a storage is read (shape, strides, offset) without copying it.
 * Since tensors are immutable, sharing storage is always safe.
 */

/**
 * The same elements in a new shape; one dimension may be -1 (inferred). A view when `x` is
 * contiguous, otherwise a copy.
 *
 * @example
 * ```ts
 * reshape(arange(6), [2, -1]); // [[0, 1, 2], [3, 4, 5]]
 * ```
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const resolved = resolveReshape(x.shape, shape);
  return differentiable("reshape", [x], {}, () => {
    if (isRowMajor(x.shape, x.strides)) return viewOf(x, resolved, contiguousStrides(resolved), x.offset);
    const dense = clone(x);
    try {
      return viewOf(dense, resolved, contiguousStrides(resolved), 0);
    } finally {
      dense.dispose(); // the view keeps the storage alive
    }
  });
}

function resolveReshape(from: Shape, to: readonly number[]): number[] {
  const inferAt = to.indexOf(-1);
  if (inferAt !== to.lastIndexOf(-1))
    throw new ShapeError(`reshape: only one dimension can be -1, got ${formatShape(to)}`);
  const total = sizeOf(from);
  const out = [...to];
  if (inferAt >= 0) {
    const known = sizeOf(to.filter((_, i) => i !== inferAt));
    if (known === 0 || total % known !== 0) {
      throw new ShapeError(
        `reshape: cannot reshape ${formatShape(from)} (${total} elements) into ${formatShape(to)}`,
      );
    }
    out[inferAt] = total / known;
  }
  validateShape(out, "reshape");
  if (sizeOf(out) !== total) {
    throw new ShapeError(
      `reshape: cannot reshape ${formatShape(from)} (${total} elements) into ${formatShape(to)} (${sizeOf(out)} elements)`,
    );
  }
  return out;
}

/** Merges axes `startAxis`…`endAxis` into one. @example `flatten(images, 1)` → `[N, C*H*W]` */
export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  if (x.rank === 0) return reshape(x, [1]);
  const s = normalizeAxis(startAxis, x.rank, "flatten");
  const e = normalizeAxis(endAxis, x.rank, "flatten");
  if (s > e) throw new ValueError(`flatten: startAxis ${startAxis} comes after endAxis ${endAxis}`);
  const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Drops size-1 axes (all of them, or those named). @example `squeeze(zeros([1, 3, 1]))` → `[3]` */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  const axes =
    axis === undefined
      ? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : normalizeAxes(axis, x.rank, "squeeze");
  // PyTorch leaves an axis that is not of size 1 alone rather than failing.
  const drop = new Set(axes.filter((a) => x.shape[a] === 1));
  const keepAxes = x.shape.map((_, i) => i).filter((i) => !drop.has(i));
  const shape = keepAxes.map((i) => x.shape[i]!);
  return recordedView(
    "reshape",
    x,
    {},
    shape,
    keepAxes.map((i) => x.strides[i]!),
    x.offset,
  );
}

/** Inserts a size-1 axis at `axis` (which may be `rank`, or negative). @example `unsqueeze(v, 0)` → `[1, n]` */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis(axis, x.rank + 1, "unsqueeze");
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(a, 0, 1);
  strides.splice(a, 0, a < x.rank ? x.strides[a]! * x.shape[a]! : 1);
  return recordedView("reshape", x, {}, shape, strides, x.offset);
}

/** Reorders axes: output axis i is input axis `axes[i]`. @example `permute(nhwc, [0, 3, 1, 2])` */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  if (axes.length !== x.rank) {
    throw new ShapeError(
      `permute: ${axes.length} axes [${axes.join(",")}] given for a tensor of shape ${formatShape(x.shape)}`,
    );
  }
  const order = axes.map((a) => normalizeAxis(a, x.rank, "permute"));
  if (new Set(order).size !== order.length)
    throw new ValueError(`permute: axes [${axes.join(",")}] repeat an axis`);
  const shape = order.map((a) => x.shape[a]!);
  return recordedView(
    "permute",
    x,
    { axes: order },
    shape,
    order.map((a) => x.strides[a]!),
    x.offset,
  );
}

/** Swaps two axes (by default the last two: a matrix transpose). @example `transpose(w)` */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  if (x.rank < 2 && axis0 === -2 && axis1 === -1)
    return recordedView("reshape", x, {}, x.shape, x.strides, x.offset);
  const a = normalizeAxis(axis0, x.rank, "transpose");
  const b = normalizeAxis(axis1, x.rank, "transpose");
  const order = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, order);
}

/**
 * Broadcasts size-1 axes (and new leading axes) to `shape` without copying; -1 keeps a size.
 *
 * @example
 * ```ts
 * expand(tensor([[1], [2]]), [2, 3]); // [[1, 1, 1], [2, 2, 2]]
 * ```
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.rank;
  if (lead < 0)
    throw new ShapeError(
      `expand: cannot expand ${formatShape(x.shape)} to fewer dimensions ${formatShape(shape)}`,
    );
  const resolved = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead]! : d));
  validateShape(resolved, "expand");
  const strides = resolved.map((d, i) => {
    if (i < lead) return 0;
    const src = x.shape[i - lead]!;
    if (src === d) return x.strides[i - lead]!;
    if (src === 1) return 0;
    throw new ShapeError(
      `expand: cannot expand ${formatShape(x.shape)} to ${formatShape(shape)} (axis ${i} is ${src}, not 1 or ${d})`,
    );
  });
  return recordedView("expand", x, {}, resolved, strides, x.offset);
}

/** NumPy's name for {@link expand} (no -1). @example `broadcastTo(bias, [n, 10])` */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  return expand(x, shape);
}

/**
 * One entry of {@link slice} per leading axis: `[start, end?, step?]` (Python slice rules:
 * negative counts from the end, out-of-range clamps), a number (selects that index and drops the
 * axis), or `null` (the whole axis).
 */
export type SliceRange = readonly [number | null, (number | null)?, number?] | number | null;

/**
 * A strided window onto `x`, as Python slicing (`x[1:, ::2, 0]`), without copying.
 *
 * @example
 * ```ts
 * slice(x, [[1], [null, null, 2], 0]); // x[1:, ::2, 0]
 * ```
 */
export function slice(x: Tensor, ranges: readonly SliceRange[]): Tensor {
  if (ranges.length > x.rank) {
    throw new ShapeError(
      `slice: ${ranges.length} ranges given for a tensor of shape ${formatShape(x.shape)}`,
    );
  }
  const shape: number[] = [];
  const strides: number[] = [];
  const spec: SliceSpec[] = [];
  let offset = x.offset;
  for (let axis = 0; axis < x.rank; axis++) {
    const dim = x.shape[axis]!;
    const stride = x.strides[axis]!;
    const r = axis < ranges.length ? ranges[axis] : null;
    if (r === null || r === undefined) {
      shape.push(dim);
      strides.push(stride);
      spec.push({ start: 0, step: 1, size: dim });
    } else if (typeof r === "number") {
      if (!Number.isInteger(r) || r < -dim || r >= dim) {
        throw new ValueError(
          `slice: index ${r} is out of range for axis ${axis} of size ${dim} (shape ${formatShape(x.shape)})`,
        );
      }
      offset += (r < 0 ? r + dim : r) * stride;
      spec.push({ index: r < 0 ? r + dim : r });
    } else {
      const step = r[2] ?? 1;
      if (!Number.isInteger(step) || step <= 0)
        throw new ValueError(`slice: step must be a positive integer, got ${step} on axis ${axis}`);
      const clampIndex = (v: number): number => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
      const start = clampIndex(r[0] ?? 0);
      const end = clampIndex(r[1] ?? dim);
      const n = end > start ? Math.ceil((end - start) / step) : 0;
      shape.push(n);
      strides.push(stride * step);
      if (n > 0) offset += start * stride;
      spec.push({ start: n > 0 ? start : 0, step, size: n });
    }
  }
  return recordedView("slice", x, { spec }, shape, strides, offset);
}

/** Reverses the order along `axes`, without copying. @example `flip(image, -1)` (mirror) */
export function flip(x: Tensor, axes: number | readonly number[]): Tensor {
  const list = normalizeAxes(axes, x.rank, "flip");
  const strides = [...x.strides];
  let offset = x.offset;
  for (const a of list) {
    if (x.shape[a]! > 0) offset += (x.shape[a]! - 1) * x.strides[a]!;
    strides[a] = -x.strides[a]!;
  }
  return recordedView("flip", x, { axes: list }, x.shape, strides, offset);
}

/** `x` laid out densely (a copy unless already so; the result is always a new tensor). @example `contiguous(transpose(x))` */
export function contiguous(x: Tensor): Tensor {
  return x.isContiguous ? recordedView("clone", x, {}, x.shape, x.strides, x.offset) : clone(x);
}

/**
 * How {@link slice} read one axis, resolved: a window of `size` elements from `start` every
 * `step`, or one `index` whose axis was dropped. Autograd's slice rule uses it.
 */
export type SliceSpec =
  | { readonly start: number; readonly step: number; readonly size: number }
  | { readonly index: number };

/** A view recorded for autograd under `op` (its rule needs only the input and `attrs`). */
function recordedView(
  op: string,
  x: Tensor,
  attrs: object,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Tensor {
  return differentiable(op, [x], attrs, () => viewOf(x, shape, strides, offset));
}
