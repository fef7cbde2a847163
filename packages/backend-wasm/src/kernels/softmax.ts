import type { KernelTable } from "@tensorkit/tensor";
import type { KernelContext, V } from "../context.js";
import type { WasmStorage } from "../heap.js";
import { collapse, contiguous, sizeOf } from "../layout.js";

type SoftmaxKernels = Pick<Required<KernelTable<WasmStorage>>, "softmax" | "logSoftmax">;

/**
 * softmax and logSoftmax along an axis (assembly/softmax.ts). The walk puts the axis last (the
 * other axes collapsed for input and output together), so each row of the walk is one line.
 */
export function softmaxKernels(ctx: KernelContext): SoftmaxKernels {
  const { exports } = ctx;

  function alongAxis(name: "softmax" | "logSoftmax") {
    return (x: V, axis: number): WasmStorage => {
      ctx.live(x, name);
      const n = sizeOf(x.shape);
      const out = ctx.alloc(n, x.dtype);
      if (n === 0) return out;
      const outStrides = contiguous(x.shape);
      const kept = x.shape.map((_, i) => i).filter((i) => i !== axis);
      const walk = collapse(
        kept.map((i) => x.shape[i]!),
        [
          { strides: kept.map((i) => outStrides[i]!), offset: 0 },
          { strides: kept.map((i) => x.strides[i]!), offset: x.offset },
        ],
      );
      walk.shape.push(x.shape[axis]!);
      walk.strides[0]!.push(outStrides[axis]!);
      walk.strides[1]!.push(x.strides[axis]!);
      ctx.describe(walk);
      const f64 = x.dtype === "float64";
      if (name === "softmax") (f64 ? exports.softmaxF64 : exports.softmaxF32)(out.ptr, x.storage.ptr);
      else (f64 ? exports.logSoftmaxF64 : exports.logSoftmaxF32)(out.ptr, x.storage.ptr);
      return out;
    };
  }

  return { softmax: alongAxis("softmax"), logSoftmax: alongAxis("logSoftmax") };
}
