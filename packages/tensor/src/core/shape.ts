import { ShapeError, ValueError } from "./errors.js";

/** A tensor's shape: one non-negative integer per axis; `[]` is a scalar. */
export type Shape = readonly number[];

/**
 * The largest number of elements one tensor may have. A bigger request is almost always a bug
 * (a shape computed from garbage), and failing fast beats a process killed by the OOM killer.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** Formats a shape the way every error message writes it: `[2,3]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides, in elements, of a contiguous tensor of this shape. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Throws unless `shape` is a list of non-negative integers with at most {@link MAX_ELEMENTS} elements. */
export function validateShape(shape: Shape, op: string): void {
  if (!Array.isArray(shape))
    throw new ShapeError(`${op}: shape must be an array of integers, got ${String(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `${op}: shape ${formatShape(shape)} has an invalid dimension ${d}: dimensions are integers ≥ 0`,
      );
    }
  }
  const n = sizeOf(shape);
  if (n > MAX_ELEMENTS) {
    throw new ShapeError(
      `${op}: shape ${formatShape(shape)} has ${n} elements, more than the limit of ${MAX_ELEMENTS}`,
    );
  }
}

/** True when both shapes have the same rank and dimensions. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * NumPy broadcasting: align shapes on the right; each pair of dimensions must be equal or one of
 * them 1. Throws a ShapeError naming the op and every shape.
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const d = s[i]!;
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) {
        out[o] = d;
        continue;
      }
      throw new ShapeError(
        `${op}: shapes ${shapes.map(formatShape).join(" and ")} cannot be broadcast together ` +
          `(axis ${o - rank} is ${out[o]} in one and ${d} in another)`,
      );
    }
  }
  return out;
}

/** Resolves a possibly negative axis against a rank, or throws a ValueError naming the op. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const valid = rank === 0 ? "a scalar has no axes" : `expected ${-rank}…${rank - 1}`;
    throw new ValueError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank} (${valid})`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves a list of axes (or all axes when undefined), sorted and without repeats. */
export function normalizeAxes(
  axes: number | readonly number[] | undefined,
  rank: number,
  op: string,
): number[] {
  if (axes === undefined) {
    const all = new Array<number>(rank);
    for (let i = 0; i < rank; i++) all[i] = i;
    return all;
  }
  if (typeof axes === "number") return [normalizeAxis(axes, rank, op)];
  const list = axes;
  const out = list.map((a) => normalizeAxis(a, rank, op));
  if (new Set(out).size !== out.length)
    throw new ValueError(`${op}: axes [${list.join(",")}] repeat an axis`);
  return out.sort((a, b) => a - b);
}

/** Whether a strided layout reads its elements densely in row-major order (from any offset). */
export function isRowMajor(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== expected) return false;
    expected *= shape[i]!;
  }
  return true;
}
