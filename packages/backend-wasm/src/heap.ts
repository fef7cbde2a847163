/**
 * Storage in wasm linear memory. A storage is a block of the module's memory: `ptr` (byte address)
 * and `bytes` (its size class). Blocks are carved from the top of the heap and, when freed, kept
 * on a free list per size class for reuse; the memory grows when no block fits. Growing detaches
 * every typed array over the old buffer, so views are never cached across an allocation: each
 * read goes through {@link Heap.bytes} & co., which re-create the view when the buffer changed.
 */

/** A storage handle of the wasm backend: a block of linear memory. */
export class WasmStorage {
  /** Set by `free`: a freed handle is never read again, and a second free is a bug. */
  freed = false;
  constructor(
    /** Byte address of the first element. */
    readonly ptr: number,
    /** Size of the block in bytes (its size class, at least the bytes asked for). */
    readonly bytes: number,
  ) {}
}

/** Thrown when linear memory cannot grow to hold a new block. */
export class WasmMemoryError extends Error {
  override name = "WasmMemoryError";
}

const PAGE = 65536;
const ALIGN = 16;

/**
 * The size class of a request: multiples of 16 below 64 bytes, then four classes per power of
 * two (at most 25 % slack), so freed blocks are found again by exact size.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 64) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const step = 2 ** (Math.floor(Math.log2(bytes - 1)) - 2);
  return Math.ceil(bytes / step) * step;
}

export class Heap {
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  private buffer: ArrayBuffer | null = null;
  private u8 = new Uint8Array(0);
  private i32v = new Int32Array(0);
  private f32v = new Float32Array(0);
  private f64v = new Float64Array(0);
  /** Bytes in blocks handed out and not yet freed. */
  liveBytes = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.top = Math.ceil(base / 64) * 64;
  }

  /** A block of at least `bytes` bytes (16-byte aligned; its contents are undefined). */
  alloc(bytes: number): WasmStorage {
    const size = sizeClass(bytes);
    const list = this.freeLists.get(size);
    const reused = list?.pop();
    this.liveBytes += size;
    if (reused !== undefined) return new WasmStorage(reused, size);
    const ptr = this.top;
    const end = ptr + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // grow by at least a quarter of the heap, so that many small allocations grow rarely
      const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 4));
      try {
        this.memory.grow(pages);
      } catch {
        try {
          this.memory.grow(Math.ceil((end - have) / PAGE));
        } catch {
          this.liveBytes -= size;
          throw new WasmMemoryError(
            `wasm backend: out of memory allocating ${bytes} bytes (linear memory is ${(have / 2 ** 20).toFixed(1)} MiB, ${(this.liveBytes / 2 ** 20).toFixed(1)} MiB of it in live tensors)`,
          );
        }
      }
    }
    this.top = end;
    return new WasmStorage(ptr, size);
  }

  /** Returns a block to its size class's free list. */
  free(storage: WasmStorage): void {
    if (storage.freed) throw new Error("wasm backend: storage freed twice");
    storage.freed = true;
    this.liveBytes -= storage.bytes;
    let list = this.freeLists.get(storage.bytes);
    if (!list) this.freeLists.set(storage.bytes, (list = []));
    list.push(storage.ptr);
  }

  /** Bytes of linear memory (grows, never shrinks). */
  get capacity(): number {
    return this.memory.buffer.byteLength;
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    this.u8 = new Uint8Array(buffer);
    this.i32v = new Int32Array(buffer);
    this.f32v = new Float32Array(buffer);
    this.f64v = new Float64Array(buffer);
  }

  /** The whole memory as bytes; valid until the next allocation. */
  bytes(): Uint8Array {
    this.refresh();
    return this.u8;
  }
  i32(): Int32Array {
    this.refresh();
    return this.i32v;
  }
  f32(): Float32Array {
    this.refresh();
    return this.f32v;
  }
  f64(): Float64Array {
    this.refresh();
    return this.f64v;
  }
}
