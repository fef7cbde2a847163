/**
 * Walking strided views. Every kernel reads its inputs through {@link planRows}: it turns N-d
 * shapes with arbitrary strides (0 for broadcast, negative for flips, any offset) into "rows":
 * runs of elements a fixed step apart. Kernels then loop over rows with a tight inner loop of
 * their own, so each kernel's hot loop stays monomorphic (a shared per-element callback would
 * cost a megamorphic call per element, about 4× slower in V8).
 */

/** The part of a view that says where its elements are. A {@link View} is one. */
export interface Strided {
  readonly strides: readonly number[];
  readonly offset: number;
}

/** Several same-shape strided operands, cut into rows that every operand walks with a fixed step. */
export interface RowPlan {
  /** Number of rows (0 when the shape is empty). */
  readonly rows: number;
  /** Elements per row. Row `r` covers output elements `r * len … r * len + len - 1`, in row-major order. */
  readonly len: number;
  /** Per operand, the storage index of the first element of each row. */
  readonly starts: Int32Array[];
  /** Per operand, the storage step between consecutive elements of a row. */
  readonly steps: number[];
}

// Shape helpers come from the core, so both sides of the contract agree on them.
import { contiguousStrides, sizeOf } from "@tensorkit/tensor";

export { contiguousStrides, sizeOf };

/** True when the view's elements are `storage[offset + i]` for `i` in row-major order. */
export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    if (d === 0) return true;
    // A size-1 axis never moves, so its stride does not matter.
    if (d !== 1 && strides[i] !== expected) return false;
    expected *= d;
  }
  return true;
}

/**
 * Plans a row-major walk over `shape` for several operands at once. Size-1 axes are dropped and
 * neighbouring axes merged wherever every operand allows it, so a contiguous view becomes one
 * row with step 1 (the `offset + i` fast path), a broadcast scalar one row with step 0, and the
 * last remaining axis becomes the inner loop (the last-axis fast path).
 */
export function planRows(shape: readonly number[], operands: readonly Strided[]): RowPlan {
  const count = operands.length;
  const size = sizeOf(shape);
  if (size === 0) {
    return {
      rows: 0,
      len: 0,
      starts: operands.map(() => new Int32Array(0)),
      steps: operands.map(() => 0),
    };
  }
  // The common case, every operand dense in row-major order: one row, no planning (for a small
  // model's tensors the planning below costs more than the arithmetic).
  let dense = true;
  for (let k = 0; k < count && dense; k++) dense = isContiguous(shape, operands[k]!.strides);
  if (dense) {
    return {
      rows: 1,
      len: size,
      starts: operands.map((op) => Int32Array.of(op.offset)),
      steps: operands.map(() => 1),
    };
  }
  // Keep the axes that move (size > 1), then merge an axis into its inner neighbour when, for
  // every operand, stepping the outer axis equals stepping the inner one across its whole length.
  const dims: number[] = [];
  const strides: number[][] = operands.map(() => []);
  for (let axis = 0; axis < shape.length; axis++) {
    const d = shape[axis]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    let mergeable = last >= 0;
    for (let k = 0; k < count && mergeable; k++) {
      const s = strides[k]!;
      mergeable = s[last] === operands[k]!.strides[axis]! * d;
    }
    if (mergeable) {
      dims[last] = dims[last]! * d;
      for (let k = 0; k < count; k++) strides[k]![last] = operands[k]!.strides[axis]!;
    } else {
      dims.push(d);
      for (let k = 0; k < count; k++) strides[k]!.push(operands[k]!.strides[axis]!);
    }
  }
  if (dims.length === 0) {
    return {
      rows: 1,
      len: 1,
      starts: operands.map((op) => Int32Array.of(op.offset)),
      steps: operands.map(() => 0),
    };
  }
  const inner = dims.length - 1;
  const len = dims[inner]!;
  const rows = size / len;
  const steps = strides.map((s) => s[inner]!);
  const starts = operands.map(() => new Int32Array(rows));
  // An odometer over the outer axes, moving every operand's position along with it.
  const index = new Array<number>(inner).fill(0);
  const pos = operands.map((op) => op.offset);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < count; k++) starts[k]![r] = pos[k]!;
    for (let axis = inner - 1; axis >= 0; axis--) {
      const i = index[axis]! + 1;
      if (i < dims[axis]!) {
        index[axis] = i;
        for (let k = 0; k < count; k++) pos[k] = pos[k]! + strides[k]![axis]!;
        break;
      }
      index[axis] = 0;
      for (let k = 0; k < count; k++) pos[k] = pos[k]! - strides[k]![axis]! * (dims[axis]! - 1);
    }
  }
  return { rows, len, starts, steps };
}

/**
 * Storage indices of every element of a view, in row-major order. For kernels that need random
 * access (the offsets of a reduced block, a gather's index), not for hot element-wise loops.
 */
export function elementOffsets(shape: readonly number[], view: Strided): Int32Array {
  const plan = planRows(shape, [view]);
  const out = new Int32Array(plan.rows * plan.len);
  const starts = plan.starts[0]!;
  const step = plan.steps[0]!;
  let o = 0;
  for (let r = 0; r < plan.rows; r++) {
    let p = starts[r]!;
    for (let j = 0; j < plan.len; j++, p += step) out[o++] = p;
  }
  return out;
}
