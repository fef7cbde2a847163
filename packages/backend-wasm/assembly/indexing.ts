// gather and scatter-add. The host describes the walk over `index`'s shape: for gather, operand
// 0 the output, 1 `x` with its `axis` stride set to 0, 2 the index; for scatter-add, operand 0
// the output (a copy of x) with its `axis` stride 0, 1 the index, 2 `src`. `axisStride` is the
// real stride along `axis` of the operand being indexed.
import { at, beginRows, nextRow, p0, p1, p2, rowLen, rowStep } from "./iter";

function gather<T>(out: usize, x: usize, index: usize, axisStride: i32): void {
  const rows = beginRows();
  const n = rowLen();
  const so = rowStep(0);
  const sx = rowStep(1);
  const si = rowStep(2);
  for (let r = 0; r < rows; r++) {
    let i = 0;
    if (si == 0 && so == 1 && sx == 1) {
      // one index for the whole row (selecting rows: a training batch): a unit-stride copy
      const k = load<i32>(at<i32>(index, p2));
      const o = at<T>(out, p0);
      const src = at<T>(x, p1 + k * axisStride);
      const lanes = 16 / sizeof<T>();
      for (; i + lanes <= n; i += lanes) v128.store(at<T>(o, i), v128.load(at<T>(src, i)));
      for (; i < n; i++) store<T>(at<T>(o, i), load<T>(at<T>(src, i)));
    }
    for (; i < n; i++) {
      const k = load<i32>(at<i32>(index, p2 + i * si));
      store<T>(at<T>(out, p0 + i * so), load<T>(at<T>(x, p1 + i * sx + k * axisStride)));
    }
    nextRow();
  }
}

export function gather8(out: usize, x: usize, index: usize, axisStride: i32): void {
  gather<u8>(out, x, index, axisStride);
}
export function gather32(out: usize, x: usize, index: usize, axisStride: i32): void {
  gather<u32>(out, x, index, axisStride);
}
export function gather64(out: usize, x: usize, index: usize, axisStride: i32): void {
  gather<u64>(out, x, index, axisStride);
}

function scatterAdd<T>(out: usize, index: usize, src: usize, axisStride: i32): void {
  const rows = beginRows();
  const n = rowLen();
  const so = rowStep(0);
  const si = rowStep(1);
  const ss = rowStep(2);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) {
      const k = load<i32>(at<i32>(index, p1 + i * si));
      const dst = at<T>(out, p0 + i * so + k * axisStride);
      store<T>(dst, <T>(load<T>(dst) + load<T>(at<T>(src, p2 + i * ss))));
    }
    nextRow();
  }
}

export function scatterAddF32(out: usize, index: usize, src: usize, axisStride: i32): void {
  scatterAdd<f32>(out, index, src, axisStride);
}
export function scatterAddF64(out: usize, index: usize, src: usize, axisStride: i32): void {
  scatterAdd<f64>(out, index, src, axisStride);
}
export function scatterAddI32(out: usize, index: usize, src: usize, axisStride: i32): void {
  scatterAdd<i32>(out, index, src, axisStride);
}
