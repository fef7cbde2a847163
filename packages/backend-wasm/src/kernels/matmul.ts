import type { KernelTable } from "@tensorkit/tensor";
import { BYTES, type KernelContext, type V } from "../context.js";
import type { GemmOperands } from "../exports.js";
import type { WasmStorage } from "../heap.js";
import { sizeOf } from "../layout.js";
import type { Task } from "../threads/pool.js";

type MatmulKernels = Pick<Required<KernelTable<WasmStorage>>, "matmul">;

/**
 * Multiply-adds below which a product runs on the calling thread alone: waking a worker and
 * waiting for it costs tens of microseconds, about what ~10⁶ multiply-adds take on one core.
 */
export const PARALLEL_MIN_MACS = 1 << 20;

/** One gemm call's arguments, addresses in bytes and strides in elements. */
interface GemmCall {
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly a: number;
  readonly ars: number;
  readonly acs: number;
  readonly b: number;
  readonly brs: number;
  readonly bcs: number;
  readonly c: number;
  readonly ldc: number;
}

/** A call's operands in the order every gemm export takes them. */
function operands(c: GemmCall): GemmOperands {
  return [c.M, c.N, c.K, c.a, c.ars, c.acs, c.b, c.brs, c.bcs, c.c, c.ldc];
}

/**
 * Batched matmul over the packed gemm (assembly/gemm.ts). With a thread pool, a large product
 * is computed by all threads at once over one shared packing of B, each claiming blocks of C's
 * rows as it goes (assembly/gemm-shared.ts); a batch of products too small for that is dealt out
 * whole, one product per thread per round, each thread packing into its own scratch.
 */
export function matmulKernels(ctx: KernelContext): MatmulKernels {
  const { exports } = ctx;

  function runOne(call: GemmCall, f64: boolean, scratch: number): void {
    (f64 ? exports.gemmF64 : exports.gemmF32)(...operands(call), scratch);
  }

  /** Runs `calls` (at most one per thread) at once: the first on this thread, the rest on workers. */
  function runRound(calls: readonly GemmCall[], f64: boolean): void {
    const pool = ctx.threads!;
    const bytes = Math.max(...calls.map((c) => exports.gemmScratchBytes(c.M, c.N, c.K, f64 ? 8 : 4)));
    // allocate every scratch before reading an address: an allocation may grow the memory
    const scratches = calls.map((_, t) => ctx.threadScratch(t, bytes));
    const tasks: Task[] = calls.slice(1).map((c, w) => ({
      kernel: f64 ? "gemmF64" : "gemmF32",
      args: [...operands(c), scratches[w + 1]!],
    }));
    pool.run(tasks, () => runOne(calls[0]!, f64, scratches[0]!));
  }

  /**
   * Runs one product on every thread at once (assembly/gemm-shared.ts). Thread 0's scratch also
   * holds the shared packed B and the work counters.
   */
  function runShared(call: GemmCall, f64: boolean): void {
    const pool = ctx.threads!;
    const size = f64 ? 8 : 4;
    const own = exports.gemmSharedScratchBytes(call.M, call.K, size);
    const packedBytes = exports.gemmSharedPackedBytes(call.N, call.K, size);
    const syncBytes = exports.gemmSharedSyncBytes(call.N, call.K, size);
    // allocate every scratch before reading an address: an allocation may grow the memory
    const scratches: number[] = [];
    for (let t = 0; t <= pool.size; t++)
      scratches.push(ctx.threadScratch(t, t === 0 ? own + packedBytes + syncBytes : own));
    const packed = scratches[0]! + own;
    const sync = packed + packedBytes; // 16-byte aligned: the sizes are multiples of 16
    new Int32Array(exports.memory.buffer, sync, syncBytes / 4).fill(0);
    const kernel = f64 ? "gemmSharedF64" : "gemmSharedF32";
    const tasks: Task[] = scratches.slice(1).map((scratch) => ({
      kernel,
      args: [...operands(call), packed, scratch, sync],
    }));
    pool.run(tasks, () => exports[kernel](...operands(call), packed, scratches[0]!, sync));
  }

  return {
    matmul(a: V, b: V): WasmStorage {
      ctx.live(a, "matmul");
      ctx.live(b, "matmul");
      const rank = a.shape.length;
      const M = a.shape[rank - 2]!;
      const K = a.shape[rank - 1]!;
      const N = b.shape[rank - 1]!;
      const batchShape = a.shape.slice(0, rank - 2);
      const batches = sizeOf(batchShape);
      const size = BYTES[a.dtype];
      const f64 = a.dtype === "float64";
      const out = ctx.alloc(batches * M * N, a.dtype);
      if (batches * M * N === 0) return out;
      if (K === 0) {
        ctx.zero(out, batches * M * N * size); // an empty sum; otherwise the gemm writes every element
        return out;
      }
      const calls: GemmCall[] = [];
      const [ars, acs] = [a.strides[rank - 2]!, a.strides[rank - 1]!];
      const [brs, bcs] = [b.strides[rank - 2]!, b.strides[rank - 1]!];
      // batch offsets by an odometer over the batch axes
      const index = new Array<number>(batchShape.length).fill(0);
      let pa = a.offset;
      let pb = b.offset;
      for (let t = 0; t < batches; t++) {
        const c = out.ptr + t * M * N * size;
        calls.push({
          M,
          N,
          K,
          a: a.storage.ptr + pa * size,
          ars,
          acs,
          b: b.storage.ptr + pb * size,
          brs,
          bcs,
          c,
          ldc: N,
        });
        for (let d = batchShape.length - 1; d >= 0; d--) {
          if (++index[d]! < batchShape[d]!) {
            pa += a.strides[d]!;
            pb += b.strides[d]!;
            break;
          }
          index[d] = 0;
          pa -= a.strides[d]! * (batchShape[d]! - 1);
          pb -= b.strides[d]! * (batchShape[d]! - 1);
        }
      }
      const parts = (ctx.threads?.size ?? 0) + 1;
      const macs = M * N * K;
      if (parts > 1 && macs >= PARALLEL_MIN_MACS) {
        for (const call of calls) runShared(call, f64);
      } else if (parts > 1 && batches >= parts && macs * parts >= PARALLEL_MIN_MACS) {
        for (let t = 0; t < batches; t += parts) runRound(calls.slice(t, t + parts), f64);
      } else {
        const scratch = ctx.scratch(exports.gemmScratchBytes(M, N, K, size));
        for (const call of calls) runOne(call, f64, scratch);
      }
      return out;
    },
  };
}
