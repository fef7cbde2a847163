import type { DType, View } from "@tensorkit/tensor";
import type { WasmExports } from "./exports.js";
import type { GeometryBlock } from "./geometry.js";
import type { Heap, WasmStorage } from "./heap.js";
import type { Walk } from "./layout.js";
import type { ThreadPool } from "./threads/pool.js";

export type V = View<WasmStorage>;

/** Bytes per element of each dtype. */
export const BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1, float64: 8 };

/** A view's elements as one contiguous run: its own storage when dense, else a temporary copy. */
export interface Dense {
  /** Byte address of the first element. */
  readonly ptr: number;
  /** The copy to free after the kernel, or null when the view was read in place. */
  readonly temp: WasmStorage | null;
}

/**
 * What the kernel files share with the backend: the module, the allocator and the helpers that
 * turn views into what the module's kernels read. Allocate everything a kernel needs before
 * writing descriptors or geometry: a memory growth detaches the host's typed arrays (the
 * addresses themselves never move).
 */
export interface KernelContext {
  readonly exports: WasmExports;
  readonly heap: Heap;
  readonly geometry: GeometryBlock;
  alloc(size: number, dtype: DType): WasmStorage;
  /** Throws if the view's storage was freed. */
  live(v: V, kernel: string): void;
  /** Writes an iteration descriptor (assembly/iter.ts). */
  describe(walk: Walk): void;
  /** Byte address of a view's first element (its offset applied). */
  address(v: V): number;
  /** `dense(v)`, then `release(d)` after the kernel ran. */
  dense(v: V): Dense;
  release(d: Dense): void;
  /**
   * Runs `body` with the dense addresses of `views` (0 for an absent one), then frees the
   * temporary copies, also when `body` throws (an allocation that cannot grow memory).
   */
  withDense<R>(views: readonly (V | undefined)[], body: (ptrs: number[]) => R): R;
  /**
   * A 16-byte-aligned block of at least `bytes` bytes, reused from call to call (it grows, and is
   * never handed out twice at once: one kernel runs at a time).
   */
  scratch(bytes: number): number;
  /** The worker pool that large kernels split over, or null: this thread runs everything. */
  readonly threads: ThreadPool | null;
  /** Like {@link scratch}, one block per thread (thread 0 is the caller's {@link scratch}). */
  threadScratch(thread: number, bytes: number): number;
  /** Zero-fills the first `bytes` bytes of a storage. */
  zero(storage: WasmStorage, bytes: number): void;
}
