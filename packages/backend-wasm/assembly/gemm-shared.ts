// C = A · B computed by several threads at once, the BLIS way to thread a gemm. The product runs
// in phases, one per block of B (KC rows of K by up to `cols` columns, 1 MiB at most, so that it
// stays in L2 while every thread reads it): the threads pack the block together into one shared
// buffer, then share out C's rows, each thread packing its own A block, and all rows are done
// before the next phase packs over the buffer. Work is claimed one piece at a time from counters
// in shared memory (a B panel, then a block of rows), so a thread that wakes late, or runs slower
// because its core is busy, simply claims less: no thread waits for a fixed share of the other's.
// Compared with cutting C into one fixed band per thread, B is packed once instead of once per
// thread, and the split follows each thread's actual speed.
//
// Every thread calls this with the same arguments but its own `scratch`. The caller zeroes the
// `sync` counters before the round. Each element of C is still summed by one thread, in the same
// order as the one-thread gemm: the result is the same bits for any number of threads.
import { KC, MR, TILE_BYTES, multiplyPacked, nrOf, packA, packB, roundUp } from "./gemm";

/**
 * The most rows of C one claim takes: half the one-thread gemm's A block (as fast on one thread,
 * measured). Claims shrink towards the end (see {@link claimRows}).
 */
const ROWS_PER_CLAIM: i32 = 32;
/**
 * Packed B per phase: KC rows by as many columns as fit in this many bytes. Measured: a block of
 * all of K (4 MiB at n = 1024) left two threads at 28–42 GFLOP/s where 512 ran at 44–46.
 */
const PACKED_B_BYTES: i32 = 1 << 20;
/** Counters per phase, i32 each: B panels claimed, B panels packed, rows of C claimed, rows of C done. */
const SYNC_BYTES_PER_PHASE: i32 = 16;

/** Columns of B packed per phase (a multiple of the micro-tile's). */
@inline function phaseCols(N: i32, size: i32): i32 {
  const nr = 32 / size;
  return min(roundUp(N, nr), (PACKED_B_BYTES / (KC * size) / nr) * nr);
}

/** Bytes of the shared packed-B buffer for an M×N×K product of elements of `size` bytes. */
export function gemmSharedPackedBytes(N: i32, K: i32, size: i32): i32 {
  return min(K, KC) * phaseCols(N, size) * size + 16;
}

/** Bytes of the shared counters (zeroed by the caller before each product). */
export function gemmSharedSyncBytes(N: i32, K: i32, size: i32): i32 {
  const cols = phaseCols(N, size);
  return ((N + cols - 1) / cols) * ((K + KC - 1) / KC) * SYNC_BYTES_PER_PHASE;
}

/** Bytes of one thread's own scratch: its packed A block and an edge tile. */
export function gemmSharedScratchBytes(M: i32, K: i32, size: i32): i32 {
  return TILE_BYTES + min(roundUp(M, MR), ROWS_PER_CLAIM) * min(K, KC) * size + 16;
}

/** Takes the next piece of work: the counter's value before this thread's increment. */
@inline function claim(counter: usize): i32 {
  if (ASC_FEATURE_THREADS) return atomic.add<i32>(counter, 1);
  const v = load<i32>(counter);
  store<i32>(counter, v + 1);
  return v;
}

/** Counts `n` pieces of work as finished; atomic, so the writes before it are seen by whoever reads the count. */
@inline function finish(counter: usize, n: i32): void {
  if (ASC_FEATURE_THREADS) atomic.add<i32>(counter, n);
  else store<i32>(counter, load<i32>(counter) + n);
}

/**
 * Waits until `counter` reaches `n`. Spinning: the pieces still in progress are one panel or one
 * block of another thread's, a short wait (with one thread the count is already there).
 */
/**
 * Rows of C a claim starting at row `first` takes, guided: a quarter of what is left, between MR
 * and ROWS_PER_CLAIM rows and a multiple of MR (the last claim may run past M). Big claims while
 * much is left keep A's packing efficient; small ones at the end keep the thread that finishes
 * first from waiting long for the other's last claim. Claims start at multiples of MR, so every
 * row of C falls in the same micro-tile as in the one-thread gemm, which keeps the bits the same.
 */
@inline function claimSize(M: i32, first: i32): i32 {
  const quarter = (M - first + 3) >> 2;
  return min(ROWS_PER_CLAIM, max(MR, ((quarter + MR - 1) / MR) * MR));
}

/** Claims the next rows of C from `counter` (rows claimed so far): the first row, or M when none are left. */
@inline function claimRows(counter: usize, M: i32): i32 {
  for (;;) {
    const first = ASC_FEATURE_THREADS ? atomic.load<i32>(counter) : load<i32>(counter);
    if (first >= M) return M;
    const next = first + claimSize(M, first);
    if (ASC_FEATURE_THREADS) {
      if (atomic.cmpxchg<i32>(counter, first, next) != first) continue; // another thread claimed first
    } else {
      store<i32>(counter, next);
    }
    return first;
  }
}

@inline function waitFor(counter: usize, n: i32): void {
  if (ASC_FEATURE_THREADS) {
    while (atomic.load<i32>(counter) < n) {
      // spin
    }
  }
}

function gemmShared<T>(
  M: i32, N: i32, K: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldcElements: i32, packed: usize, scratch: usize, sync: usize,
): void {
  const size = sizeof<T>();
  const nr = nrOf<T>();
  const ldc = <usize>ldcElements * size;
  const cols = phaseCols(N, <i32>size);
  const tile = (scratch + 15) & ~15;
  const ap = tile + TILE_BYTES;
  const bp = (packed + 15) & ~15;
  let counters = sync;
  for (let jc = 0; jc < N; jc += cols) {
    const nc = min(cols, N - jc);
    const panels = roundUp(nc, nr) / nr;
    for (let pc = 0; pc < K; pc += KC, counters += SYNC_BYTES_PER_PHASE) {
      const kc = min(KC, K - pc);
      // 1. the B block's panels (kc×nr each, panel p at p·nr·kc, as multiplyPacked reads them)
      for (let p = claim(counters); p < panels; p = claim(counters)) {
        const j = p * nr;
        packB<T>(bp + <usize>(j * kc) * size, b, brs, bcs, pc, jc + j, kc, min(nr, nc - j));
        finish(counters + 4, 1);
      }
      waitFor(counters + 4, panels);
      // 2. C's rows against it, claimed a block at a time; the first K block writes C, the others add
      for (let ic = claimRows(counters + 8, M); ic < M; ic = claimRows(counters + 8, M)) {
        const mc = min(claimSize(M, ic), M - ic);
        packA<T>(ap, a, ars, acs, ic, pc, mc, kc);
        multiplyPacked<T>(ap, bp, kc, mc, nc, c + <usize>ic * ldc + <usize>jc * size, ldc, tile, pc > 0);
        finish(counters + 12, mc);
      }
      // the next phase packs over this block and adds into the same rows: all rows first
      if (pc + KC < K || jc + cols < N) waitFor(counters + 12, M);
    }
  }
}

/** One thread's part of a float32 C = A · B shared by several threads (see the file's comment). */
export function gemmSharedF32(
  M: i32, N: i32, K: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldc: i32, packed: usize, scratch: usize, sync: usize,
): void {
  gemmShared<f32>(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, packed, scratch, sync);
}

/** {@link gemmSharedF32} for float64. */
export function gemmSharedF64(
  M: i32, N: i32, K: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldc: i32, packed: usize, scratch: usize, sync: usize,
): void {
  gemmShared<f64>(M, N, K, a, ars, acs, b, brs, bcs, c, ldc, packed, scratch, sync);
}
