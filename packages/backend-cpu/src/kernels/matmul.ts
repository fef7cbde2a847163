import type { MatmulKernelOptions, TypedArray, View } from "@tensorkit/tensor";
import { alloc } from "../alloc.js";
import { GemmScratch, gemm, stridedPackA, stridedPackB } from "../gemm.js";
import { elementOffsets, sizeOf } from "../strided.js";

/**
 * Batched matrix product: `a` `[...batch, M, K]` times `b` `[...batch, K, N]`, both already
 * transposed (as views) where the options say. The transpose flags need no special path: the
 * packing step of the gemm core reads each operand through its strides, whatever they are.
 * Batch axes may be broadcast (stride 0): packing costs O(MK + KN) per batch against the O(MNK) product.
 */
export function matmul(a: View<TypedArray>, b: View<TypedArray>, _options: MatmulKernelOptions): TypedArray {
  const rank = a.shape.length;
  const M = a.shape[rank - 2]!;
  const K = a.shape[rank - 1]!;
  const N = b.shape[rank - 1]!;
  const batchShape = a.shape.slice(0, rank - 2);
  const batches = sizeOf(batchShape);
  const out = alloc(a.dtype, batches * M * N);
  if (out.length === 0) return out;
  // Plain matrices (the common case) need no walk over batch axes.
  const aStarts =
    rank === 2
      ? [a.offset]
      : elementOffsets(batchShape, { strides: a.strides.slice(0, rank - 2), offset: a.offset });
  const bStarts =
    rank === 2
      ? [b.offset]
      : elementOffsets(batchShape, { strides: b.strides.slice(0, rank - 2), offset: b.offset });
  const [ars, acs] = [a.strides[rank - 2]!, a.strides[rank - 1]!];
  const [brs, bcs] = [b.strides[rank - 2]!, b.strides[rank - 1]!];
  if (M * N * K <= SMALL) {
    // Tiny products (a small model's layers): packing would cost more than the arithmetic. Each
    // output is the same sum in the same order (k ascending, in doubles) as gemm's, so the
    // result is bit-identical.
    for (let t = 0; t < batches; t++) {
      const ao = aStarts[t]!;
      const bo = bStarts[t]!;
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0, pa = ao + i * ars, pb = bo + j * bcs; k < K; k++, pa += acs, pb += brs)
            s += a.storage[pa]! * b.storage[pb]!;
          out[t * M * N + i * N + j] = s;
        }
      }
    }
    return out;
  }
  for (let t = 0; t < batches; t++) {
    gemm(
      {
        M,
        N,
        K,
        packA: stridedPackA(a.storage, aStarts[t]!, ars, acs, K),
        packB: stridedPackB(b.storage, bStarts[t]!, brs, bcs, K),
        c: out,
        cOffset: t * M * N,
        cRowStride: N,
      },
      scratch,
    );
  }
  return out;
}

/** Products of at most this many multiply-adds take the direct loop instead of packing. */
const SMALL = 4096;

/**
 * The packing buffers, shared by every call: kernels run one at a time, and the buffers are
 * bounded by gemm's block sizes. (A new scratch per call was most of a tiny matmul's cost.)
 */
const scratch = new GemmScratch();
