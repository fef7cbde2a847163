import type { Backend, DType, KernelTable, TypedArray } from "@tensorkit/tensor";
import { BYTES, type Dense, type KernelContext, type V } from "./context.js";
import { constant, type WasmExports } from "./exports.js";
import { GeometryBlock } from "./geometry.js";
import { Heap, type WasmStorage } from "./heap.js";
import { convKernels } from "./kernels/conv.js";
import { matmulKernels } from "./kernels/matmul.js";
import { optimKernels } from "./kernels/optim.js";
import { poolKernels } from "./kernels/pool.js";
import { softmaxKernels } from "./kernels/softmax.js";
import { collapse, contiguous, Descriptor, isDense, type Strided, sizeOf, type Walk } from "./layout.js";
import type { ThreadPool } from "./threads/pool.js";

/** Dtype codes of the module's cast kernel. */
const CODE: Record<DType, number> = { float32: 0, int32: 1, bool: 2, float64: 3 };

/** Which build of the module is running. */
export type WasmFlavour = "relaxed-simd" | "simd";

/** The wasm backend: a {@link Backend} over linear-memory storages, plus what it runs on. */
export interface WasmBackend extends Backend<WasmStorage> {
  /** `"relaxed-simd"` when the engine validated the fused multiply-add build, else `"simd"`. */
  readonly flavour: WasmFlavour;
  /** Bytes of linear memory reserved so far (it grows, never shrinks) and bytes in live storages. */
  memoryInfo(): { readonly capacity: number; readonly live: number };
  /** Threads that run large kernels: 1 (this thread alone) without a pool. */
  readonly threads: number;
  /** Kernel rounds that ran split over the worker pool so far (0 without one): shows that large kernels do. */
  readonly threadRounds: number;
}

/**
 * Builds the backend over an instantiated module: the host side allocates storages, collapses
 * views into the descriptor the kernels walk, and calls the module's kernels.
 */
export function wasmBackend(
  exports: WasmExports,
  flavour: WasmFlavour,
  pool: ThreadPool | null = null,
): WasmBackend {
  const heap = new Heap(exports.memory, exports.heapBase());
  const desc = new Descriptor((exports.descriptorPtr.value as number) >> 2, exports.maxDims.value as number);
  const op = (name: string) => constant(exports, name);
  const EQUAL = op("EQUAL");
  const LESS = op("LESS");
  /** Scratch per thread: 0 the caller, 1…n the pool's workers. */
  const scratchBlocks: (WasmStorage | null)[] = [];

  const alloc = (size: number, dtype: DType) => heap.alloc(size * BYTES[dtype]);
  const addr = (v: V) => v.storage.ptr;
  function live(v: V, kernel: string): void {
    if (v.storage.freed) throw new Error(`wasm backend: ${kernel} read a freed storage`);
  }
  function describe(walk: Walk): void {
    desc.write(heap.i32(), walk);
  }
  /** The walk of an element-wise kernel: operand 0 the contiguous output, then the inputs. */
  function elementwise(shape: readonly number[], inputs: readonly Strided[]): void {
    describe(collapse(shape, [{ strides: contiguous(shape), offset: 0 }, ...inputs]));
  }
  /** A host typed array over `size` elements of a storage; valid until the next allocation. */
  function hostView(s: WasmStorage, dtype: DType, size: number): TypedArray {
    switch (dtype) {
      case "float32":
        return heap.f32().subarray(s.ptr >> 2, (s.ptr >> 2) + size);
      case "int32":
        return heap.i32().subarray(s.ptr >> 2, (s.ptr >> 2) + size);
      case "float64":
        return heap.f64().subarray(s.ptr >> 3, (s.ptr >> 3) + size);
      case "bool":
        return heap.bytes().subarray(s.ptr, s.ptr + size);
    }
  }

  /**
   * The scratch block of one thread, reused by every kernel that needs scratch (gemm panels,
   * im2col columns); it grows, never shrinks.
   */
  function threadScratch(thread: number, bytes: number): number {
    let block = scratchBlocks[thread] ?? null;
    if (!block || block.bytes < bytes) {
      if (block) heap.free(block);
      scratchBlocks[thread] = null; // an allocation failure must not leave a freed block behind
      block = scratchBlocks[thread] = heap.alloc(bytes); // 16-byte aligned, as the gemm's panels want
    }
    return block.ptr;
  }
  const scratch = (bytes: number) => threadScratch(0, bytes);
  const ctx: KernelContext = {
    exports,
    heap,
    geometry: new GeometryBlock(exports),
    alloc,
    live,
    describe,
    address: (v) => v.storage.ptr + v.offset * BYTES[v.dtype],
    dense(v): Dense {
      if (isDense(v)) return { ptr: ctx.address(v), temp: null };
      const temp = copy(v);
      return { ptr: temp.ptr, temp };
    },
    release(d) {
      if (d.temp) heap.free(d.temp);
    },
    withDense(views, body) {
      const dense = views.map((v) => (v ? ctx.dense(v) : null));
      try {
        return body(dense.map((d) => d?.ptr ?? 0));
      } finally {
        for (const d of dense) if (d) ctx.release(d);
      }
    },
    scratch,
    threads: pool,
    threadScratch,
    zero(storage, bytes) {
      heap.bytes().fill(0, storage.ptr, storage.ptr + bytes);
    },
  };

  function unary(name: string) {
    const code = op(name);
    return (x: V): WasmStorage => {
      live(x, name.toLowerCase());
      const n = sizeOf(x.shape);
      const out = alloc(n, x.dtype);
      if (n === 0) return out;
      elementwise(x.shape, [x]);
      if (x.dtype === "float32") exports.unaryF32(code, out.ptr, addr(x));
      else if (x.dtype === "float64") exports.unaryF64(code, out.ptr, addr(x));
      else exports.unaryI32(code, out.ptr, addr(x));
      return out;
    };
  }

  function binary(name: string) {
    const code = op(name);
    return (a: V, b: V): WasmStorage => {
      live(a, name.toLowerCase());
      live(b, name.toLowerCase());
      const n = sizeOf(a.shape);
      const out = alloc(n, a.dtype);
      if (n === 0) return out;
      elementwise(a.shape, [a, b]);
      if (a.dtype === "float32") exports.binaryF32(code, out.ptr, addr(a), addr(b));
      else if (a.dtype === "float64") exports.binaryF64(code, out.ptr, addr(a), addr(b));
      else exports.binaryI32(code, out.ptr, addr(a), addr(b));
      return out;
    };
  }

  function compare(code: number) {
    return (a: V, b: V): WasmStorage => {
      live(a, "compare");
      live(b, "compare");
      const n = sizeOf(a.shape);
      const out = alloc(n, "bool");
      if (n === 0) return out;
      elementwise(a.shape, [a, b]);
      const f =
        a.dtype === "float32"
          ? exports.compareF32
          : a.dtype === "float64"
            ? exports.compareF64
            : a.dtype === "int32"
              ? exports.compareI32
              : exports.compareU8;
      f(code, out.ptr, addr(a), addr(b));
      return out;
    };
  }

  /** Copies `x` into `out` at `offset`, stepping `strides` (any destination layout). */
  function copyInto(out: WasmStorage, outStrides: readonly number[], offset: number, x: V): void {
    describe(collapse(x.shape, [{ strides: outStrides, offset }, x]));
    const w = BYTES[x.dtype];
    if (w === 1) exports.copy8(out.ptr, addr(x));
    else if (w === 4) exports.copy32(out.ptr, addr(x));
    else exports.copy64(out.ptr, addr(x));
  }

  function copy(x: V): WasmStorage {
    live(x, "copy");
    const n = sizeOf(x.shape);
    const out = alloc(n, x.dtype);
    if (n > 0) copyInto(out, contiguous(x.shape), 0, x);
    return out;
  }

  /**
   * Reduction over `axes`: the walk orders x's axes as [kept…, reduced…], each group collapsed on
   * its own, so each output's elements are `rowsPerOut` consecutive rows of the walk.
   */
  function reduce(name: string) {
    const code = op(name);
    return (x: V, axes: readonly number[]): WasmStorage => {
      live(x, name.toLowerCase());
      const keptAxes = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
      const kept = collapse(
        keptAxes.map((i) => x.shape[i]!),
        [{ strides: keptAxes.map((i) => x.strides[i]!), offset: x.offset }],
      );
      const outSize = sizeOf(keptAxes.map((i) => x.shape[i]!));
      const group = sizeOf(axes.map((i) => x.shape[i]!));
      const out = alloc(outSize, x.dtype);
      if (outSize === 0) return out;
      if (group === 0) {
        hostView(out, x.dtype, outSize).fill(name === "PROD" ? 1 : 0);
        return out;
      }
      if (
        name === "SUM" &&
        x.dtype === "float32" &&
        outSize >= 4 &&
        isDense(x) &&
        axes.every((a, i) => a === i)
      ) {
        // the leading axes of a dense block (a bias gradient): whole rows at a time, not columns.
        // Not for fewer than 4 columns: a whole-tensor sum is one contiguous run for the general path.
        const acc = scratch(8 * outSize);
        exports.sumLeadingF32(out.ptr, ctx.address(x), group, outSize, acc);
        return out;
      }
      const red = collapse(
        axes.map((i) => x.shape[i]!),
        [{ strides: axes.map((i) => x.strides[i]!), offset: 0 }],
      );
      const shape = [...kept.shape, ...red.shape];
      const strides = [...kept.strides[0]!, ...red.strides[0]!];
      const rowsPerOut = sizeOf(red.shape) / red.shape[red.shape.length - 1]!;
      describe({ shape, strides: [shape.map(() => 0), strides], offsets: [0, x.offset] });
      if (x.dtype === "float32") exports.reduceF32(code, out.ptr, addr(x), rowsPerOut);
      else if (x.dtype === "float64") exports.reduceF64(code, out.ptr, addr(x), rowsPerOut);
      else exports.reduceI32(code, out.ptr, addr(x), rowsPerOut);
      return out;
    };
  }

  function argReduce(name: string) {
    const code = op(name);
    return (x: V, axis: number): WasmStorage => {
      live(x, name === "MAX" ? "argmax" : "argmin");
      const keptAxes = x.shape.map((_, i) => i).filter((i) => i !== axis);
      const keptShape = keptAxes.map((i) => x.shape[i]!);
      const outSize = sizeOf(keptShape);
      const out = alloc(outSize, "int32");
      if (outSize === 0) return out;
      const kept = collapse(keptShape, [{ strides: keptAxes.map((i) => x.strides[i]!), offset: 0 }]);
      const shape = [...kept.shape, x.shape[axis]!];
      const strides = [...kept.strides[0]!, x.strides[axis]!];
      describe({ shape, strides: [shape.map(() => 0), strides], offsets: [0, x.offset] });
      if (x.dtype === "float32") exports.argReduceF32(code, out.ptr, addr(x));
      else if (x.dtype === "float64") exports.argReduceF64(code, out.ptr, addr(x));
      else exports.argReduceI32(code, out.ptr, addr(x));
      return out;
    };
  }

  const kernels: KernelTable<WasmStorage> = {
    // ---- storage ----
    write(values, dtype) {
      const out = alloc(values.length, dtype);
      hostView(out, dtype, values.length).set(values);
      return out;
    },
    read(storage, dtype, size) {
      if (storage.freed) throw new Error("wasm backend: read of a freed storage");
      return hostView(storage, dtype, size).slice();
    },
    readAsync(storage, dtype, size) {
      return Promise.resolve(kernels.read(storage, dtype, size));
    },
    free(storage) {
      heap.free(storage);
    },
    fill(size, value, dtype) {
      const out = alloc(size, dtype);
      hostView(out, dtype, size).fill(value);
      return out;
    },

    // ---- movement and conversion ----
    copy,
    cast(x, dtype) {
      if (dtype === x.dtype) return copy(x);
      live(x, "cast");
      const n = sizeOf(x.shape);
      const out = alloc(n, dtype);
      if (n === 0) return out;
      elementwise(x.shape, [x]);
      exports.castKernel(CODE[x.dtype], CODE[dtype], out.ptr, addr(x));
      return out;
    },
    concat(inputs, axis) {
      const first = inputs[0]!;
      const shape = [...first.shape];
      shape[axis] = inputs.reduce((n, v) => n + v.shape[axis]!, 0);
      const out = alloc(sizeOf(shape), first.dtype);
      const strides = contiguous(shape);
      let start = 0;
      for (const input of inputs) {
        live(input, "concat");
        if (sizeOf(input.shape) > 0) copyInto(out, strides, start * strides[axis]!, input);
        start += input.shape[axis]!;
      }
      return out;
    },

    // ---- element-wise ----
    neg: unary("NEG"),
    abs: unary("ABS"),
    sign: unary("SIGN"),
    exp: unary("EXP"),
    log: unary("LOG"),
    sqrt: unary("SQRT"),
    sin: unary("SIN"),
    cos: unary("COS"),
    floor: unary("FLOOR"),
    ceil: unary("CEIL"),
    round: unary("ROUND"),
    tanh: unary("TANH"),
    sigmoid: unary("SIGMOID"),
    relu: unary("RELU"),
    log1p: unary("LOG1P"),
    expm1: unary("EXPM1"),
    rsqrt: unary("RSQRT"),
    erf: unary("ERF"),

    add: binary("ADD"),
    sub: binary("SUB"),
    mul: binary("MUL"),
    div: binary("DIV"),
    pow: binary("POW"),
    maximum: binary("MAXIMUM"),
    minimum: binary("MINIMUM"),

    equal: compare(EQUAL),
    less: compare(LESS),
    where(cond, a, b) {
      live(cond, "where");
      live(a, "where");
      live(b, "where");
      const n = sizeOf(a.shape);
      const out = alloc(n, a.dtype);
      if (n === 0) return out;
      elementwise(a.shape, [cond, a, b]);
      const w = BYTES[a.dtype];
      const f = w === 1 ? exports.where8 : w === 4 ? exports.where32 : exports.where64;
      f(out.ptr, addr(cond), addr(a), addr(b));
      return out;
    },

    // ---- reductions ----
    sum: reduce("SUM"),
    prod: reduce("PROD"),
    max: reduce("MAX"),
    min: reduce("MIN"),
    argmax: argReduce("MAX"),
    argmin: argReduce("MIN"),

    // ---- indexing ----
    gather(x, index, axis) {
      live(x, "gather");
      live(index, "gather");
      const n = sizeOf(index.shape);
      const out = alloc(n, x.dtype);
      if (n === 0) return out;
      const xs = { strides: x.strides.map((s, d) => (d === axis ? 0 : s)), offset: x.offset };
      describe(collapse(index.shape, [{ strides: contiguous(index.shape), offset: 0 }, xs, index]));
      const w = BYTES[x.dtype];
      const f = w === 1 ? exports.gather8 : w === 4 ? exports.gather32 : exports.gather64;
      f(out.ptr, addr(x), addr(index), x.strides[axis]!);
      return out;
    },
    scatterAdd(x, index, src, axis) {
      live(index, "scatterAdd");
      live(src, "scatterAdd");
      const out = copy(x);
      if (sizeOf(index.shape) === 0) return out;
      const strides = contiguous(x.shape);
      const os = { strides: strides.map((s, d) => (d === axis ? 0 : s)), offset: 0 };
      describe(collapse(index.shape, [os, index, src]));
      const f =
        x.dtype === "float32"
          ? exports.scatterAddF32
          : x.dtype === "float64"
            ? exports.scatterAddF64
            : exports.scatterAddI32;
      f(out.ptr, addr(index), addr(src), strides[axis]!);
      return out;
    },

    // ---- fused ----
    ...matmulKernels(ctx),
    ...convKernels(ctx),
    ...poolKernels(ctx),
    ...softmaxKernels(ctx),
    ...optimKernels(ctx),
  };

  return {
    name: "wasm",
    dtypes: ["float32", "int32", "bool", "float64"],
    kernels,
    flavour,
    memoryInfo: () => ({ capacity: heap.capacity, live: heap.liveBytes }),
    threads: (pool?.size ?? 0) + 1,
    get threadRounds() {
      return pool?.rounds ?? 0;
    },
    dispose() {
      scratchBlocks.length = 0;
      pool?.dispose();
    },
  };
}
