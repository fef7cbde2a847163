import type { TypedArray } from "@tensorkit/tensor";

/**
 * The matrix-multiply core shared by matmul and conv2d: C = A · B with A `M×K`, B `K×N`, C `M×N`
 * written at `cOffset` with row stride `cRowStride`.
 *
 * The classic GotoBLAS structure, in plain JavaScript:
 * 1. Operands are packed into float64 panels: A into panels of MR rows, B into panels of NR
 *    columns, each panel holding its K steps one after another. Packing reads any layout once
 *    (transposed, broadcast, im2col), so the hot loop only ever sees unit-stride memory.
 *    Panels are float64 because reading a Float64Array skips a float32→float64 conversion per
 *    load, which measured ~25% faster, and the sums are doubles anyway.
 * 2. Blocking: B is packed NC columns at a time and A MC rows at a time, sized so an A block
 *    (≤ 256 KiB) stays in L2 and a B panel (K×NR) in L1 while the micro-kernel sweeps them.
 * 3. The micro-kernel computes an MR×NR = 4×8 tile of C in 32 local variables over the full K,
 *    so each value loaded from A or B is used 8 or 4 times. Full K, not K-blocks: the tile is
 *    stored once, rounded once to float32, never read back and re-rounded.
 */
export const MR = 4;
/** log2 of NR, for packers that split a column index into (panel, lane) with shifts. */
export const NR_SHIFT = 3;
export const NR = 1 << NR_SHIFT;

/** Packs rows `i0 … i0 + rows - 1` of A (all K columns) into MR-row panels, zero-padding the last. */
export type PackA = (dst: Float64Array, i0: number, rows: number) => void;
/** Packs columns `j0 … j0 + cols - 1` of B (all K rows) into NR-column panels, zero-padding the last. */
export type PackB = (dst: Float64Array, j0: number, cols: number) => void;

export interface GemmProblem {
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly packA: PackA;
  readonly packB: PackB;
  readonly c: TypedArray;
  readonly cOffset: number;
  readonly cRowStride: number;
}

/** Size budgets, in doubles, of a packed A block (256 KiB: stays in L2) and a packed B block (1 MiB). */
const A_BLOCK_DOUBLES = 32768;
const B_BLOCK_DOUBLES = 131072;

/** Runs C = A · B. Scratch buffers may be passed in to reuse them across calls (batches, groups). */
export function gemm(p: GemmProblem, scratch: GemmScratch = new GemmScratch()): void {
  const { M, N, K } = p;
  if (M === 0 || N === 0) return;
  const mc = Math.min(roundUp(M, MR), Math.max(MR, Math.floor(A_BLOCK_DOUBLES / Math.max(K, 1) / MR) * MR));
  const nc = Math.min(roundUp(N, NR), Math.max(NR, Math.floor(B_BLOCK_DOUBLES / Math.max(K, 1) / NR) * NR));
  const ap = scratch.a(mc * K);
  const bp = scratch.b(nc * K);
  // With one A block (the usual case for conv2d and small M) pack A once, outside the B loop.
  const oneABlock = mc >= M;
  if (oneABlock) p.packA(ap, 0, M);
  for (let j0 = 0; j0 < N; j0 += nc) {
    const cols = Math.min(nc, N - j0);
    p.packB(bp, j0, cols);
    for (let i0 = 0; i0 < M; i0 += mc) {
      const rows = Math.min(mc, M - i0);
      if (!oneABlock) p.packA(ap, i0, rows);
      macroKernel(ap, rows, bp, cols, K, p.c, p.cOffset + i0 * p.cRowStride + j0, p.cRowStride, scratch.tile);
    }
  }
}

/** Reusable packing buffers, grown on demand. */
export class GemmScratch {
  private bufA = new Float64Array(0);
  private bufB = new Float64Array(0);
  readonly tile = new Float64Array(MR * NR);
  a(size: number): Float64Array {
    if (this.bufA.length < size) this.bufA = new Float64Array(size);
    return this.bufA;
  }
  b(size: number): Float64Array {
    if (this.bufB.length < size) this.bufB = new Float64Array(size);
    return this.bufB;
  }
}

/** A PackA reading A[i][k] at `src[offset + i * rowStride + k * colStride]`. */
export function stridedPackA(
  src: TypedArray,
  offset: number,
  rowStride: number,
  colStride: number,
  K: number,
): PackA {
  return (dst, i0, rows) => {
    let d = 0;
    for (let i = 0; i < rows; i += MR) {
      const base = offset + (i0 + i) * rowStride;
      if (rows - i >= MR) {
        const r1 = rowStride;
        const r2 = 2 * rowStride;
        const r3 = 3 * rowStride;
        for (let k = 0, s = base; k < K; k++, s += colStride) {
          dst[d++] = src[s]!;
          dst[d++] = src[s + r1]!;
          dst[d++] = src[s + r2]!;
          dst[d++] = src[s + r3]!;
        }
      } else {
        for (let k = 0, s = base; k < K; k++, s += colStride) {
          for (let r = 0; r < MR; r++) dst[d++] = i + r < rows ? src[s + r * rowStride]! : 0;
        }
      }
    }
  };
}

/** A PackB reading B[k][j] at `src[offset + k * rowStride + j * colStride]`. */
export function stridedPackB(
  src: TypedArray,
  offset: number,
  rowStride: number,
  colStride: number,
  K: number,
): PackB {
  return (dst, j0, cols) => {
    let d = 0;
    for (let j = 0; j < cols; j += NR) {
      const width = Math.min(NR, cols - j);
      const base = offset + (j0 + j) * colStride;
      for (let k = 0, s = base; k < K; k++, s += rowStride) {
        let c = 0;
        for (let t = s; c < width; c++, t += colStride) dst[d++] = src[t]!;
        for (; c < NR; c++) dst[d++] = 0;
      }
    }
  };
}

/** All MR×NR tiles of one packed A block times one packed B block. */
function macroKernel(
  ap: Float64Array,
  rows: number,
  bp: Float64Array,
  cols: number,
  K: number,
  c: TypedArray,
  cOffset: number,
  cRowStride: number,
  tile: Float64Array,
): void {
  for (let j = 0; j < cols; j += NR) {
    const pb = j * K;
    const width = Math.min(NR, cols - j);
    for (let i = 0; i < rows; i += MR) {
      const height = Math.min(MR, rows - i);
      if (height === MR && width === NR) {
        microKernel(ap, i * K, bp, pb, K, c, cOffset + i * cRowStride + j, cRowStride);
      } else {
        // An edge tile: compute the whole tile into scratch, then store the part inside C.
        microKernel(ap, i * K, bp, pb, K, tile, 0, NR);
        for (let r = 0; r < height; r++) {
          for (let q = 0; q < width; q++) c[cOffset + (i + r) * cRowStride + j + q] = tile[r * NR + q]!;
        }
      }
    }
  }
}

/**
 * One 4×8 tile over the full K: 32 accumulators in locals (V8 keeps many in registers), 12 loads
 * and 32 multiply-adds per step.
 */
// biome-ignore format: the 4×8 tile reads best as a grid, one row of C per line
function microKernel(
  a: Float64Array,
  pa: number,
  b: Float64Array,
  pb: number,
  K: number,
  c: TypedArray,
  o: number,
  cs: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  for (let k = 0; k < K; k++, pa += MR, pb += NR) {
    const a0 = a[pa]!, a1 = a[pa + 1]!, a2 = a[pa + 2]!, a3 = a[pa + 3]!;
    let v = b[pb]!;
    c00 += a0 * v; c10 += a1 * v; c20 += a2 * v; c30 += a3 * v;
    v = b[pb + 1]!;
    c01 += a0 * v; c11 += a1 * v; c21 += a2 * v; c31 += a3 * v;
    v = b[pb + 2]!;
    c02 += a0 * v; c12 += a1 * v; c22 += a2 * v; c32 += a3 * v;
    v = b[pb + 3]!;
    c03 += a0 * v; c13 += a1 * v; c23 += a2 * v; c33 += a3 * v;
    v = b[pb + 4]!;
    c04 += a0 * v; c14 += a1 * v; c24 += a2 * v; c34 += a3 * v;
    v = b[pb + 5]!;
    c05 += a0 * v; c15 += a1 * v; c25 += a2 * v; c35 += a3 * v;
    v = b[pb + 6]!;
    c06 += a0 * v; c16 += a1 * v; c26 += a2 * v; c36 += a3 * v;
    v = b[pb + 7]!;
    c07 += a0 * v; c17 += a1 * v; c27 += a2 * v; c37 += a3 * v;
  }
  c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03;
  c[o + 4] = c04; c[o + 5] = c05; c[o + 6] = c06; c[o + 7] = c07;
  o += cs;
  c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13;
  c[o + 4] = c14; c[o + 5] = c15; c[o + 6] = c16; c[o + 7] = c17;
  o += cs;
  c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23;
  c[o + 4] = c24; c[o + 5] = c25; c[o + 6] = c26; c[o + 7] = c27;
  o += cs;
  c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
  c[o + 4] = c34; c[o + 5] = c35; c[o + 6] = c36; c[o + 7] = c37;
}

function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}
