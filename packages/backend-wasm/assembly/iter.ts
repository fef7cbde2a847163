// The strided-iteration descriptor shared with the host. The host collapses a view's axes (drops
// size-1 axes, merges neighbours every operand steps through alike) and writes, in i32s:
//   [0] ndim, [1 .. 1+MAXD) shape, then per operand k (0 = output, 1.. = inputs):
//   offset and strides[MAXD], all in elements.
// Kernels walk it as rows: the last axis is the inner loop, the others an odometer.

export const MAXD: i32 = 32;
const OPERANDS: i32 = 4;
const OP_WORDS: i32 = 1 + MAXD;
export const DESC: usize = memory.data(4 * (1 + MAXD + OPERANDS * OP_WORDS + MAXD), 16);
const IDX: usize = DESC + (<usize>(1 + MAXD + OPERANDS * OP_WORDS) << 2);

@inline function shapeAt(d: i32): i32 {
  return load<i32>(DESC + (<usize>(1 + d) << 2));
}
@inline function offsetOf(k: i32): i32 {
  return load<i32>(DESC + (<usize>(1 + MAXD + k * OP_WORDS) << 2));
}
@inline export function strideOf(k: i32, d: i32): i32 {
  return load<i32>(DESC + (<usize>(2 + MAXD + k * OP_WORDS + d) << 2));
}

let nd: i32 = 1;
/** Current row start of each operand, in elements. */
export let p0: i32 = 0;
export let p1: i32 = 0;
export let p2: i32 = 0;
export let p3: i32 = 0;

/** Starts a walk; returns the number of rows. */
export function beginRows(): i32 {
  nd = load<i32>(DESC);
  let rows = 1;
  for (let d = 0; d < nd - 1; d++) {
    rows *= shapeAt(d);
    store<i32>(IDX + (<usize>d << 2), 0);
  }
  p0 = offsetOf(0);
  p1 = offsetOf(1);
  p2 = offsetOf(2);
  p3 = offsetOf(3);
  return rows;
}

/** Elements per row. */
@inline export function rowLen(): i32 {
  return shapeAt(nd - 1);
}

/** Step of operand `k` along a row. */
@inline export function rowStep(k: i32): i32 {
  return strideOf(k, nd - 1);
}

/** Advances every operand to the next row (odometer over the outer axes). */
export function nextRow(): void {
  for (let d = nd - 2; d >= 0; d--) {
    const slot = IDX + (<usize>d << 2);
    const i = load<i32>(slot) + 1;
    const n = shapeAt(d);
    if (i < n) {
      store<i32>(slot, i);
      p0 += strideOf(0, d);
      p1 += strideOf(1, d);
      p2 += strideOf(2, d);
      p3 += strideOf(3, d);
      return;
    }
    store<i32>(slot, 0);
    const back = n - 1;
    p0 -= strideOf(0, d) * back;
    p1 -= strideOf(1, d) * back;
    p2 -= strideOf(2, d) * back;
    p3 -= strideOf(3, d) * back;
  }
}

/** Address of element `p` of a storage at `base` holding T. */
@inline export function at<T>(base: usize, p: i32): usize {
  return base + (<usize>(<isize>p << alignof<T>()));
}
