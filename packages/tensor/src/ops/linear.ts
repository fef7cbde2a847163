import type { View } from "../backend/contract.js";
import { floatDTypeFor } from "../core/dtype.js";
import { ShapeError } from "../core/errors.js";
import { differentiable } from "../core/grad-hooks.js";
import { contiguousStrides, formatShape } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { add } from "./arithmetic.js";
import { castIfNeeded, disposeOwned, prepareOperands, type TensorLike } from "./convert.js";
import { backendOf, broadcastView, wrap } from "./dispatch.js";
import { matmul } from "./matmul.js";

/**
 * `x · weightᵀ + bias` over the last axis of `x` (PyTorch's `F.linear`): `weight` is
 * `[out, in]`, `bias` `[out]` (or left out), `x` `[..., in]`; the result is `[..., out]`.
 *
 * One recorded op with its own gradient rule rather than a matmul and an add: a dense layer is
 * the commonest op of a small model, and each recorded op costs a tape node, saved handles and a
 * backward step. On a 2-D input it runs the backend's matmul kernel (transposed weight, no copy)
 * and one add; int32 and bool inputs compute in float32, as `matmul` does.
 *
 * @example
 * ```ts
 * const y = linear(x, w, b); // x [batch, 784], w [128, 784], b [128] → y [batch, 128]
 * ```
 */
export function linear(x: TensorLike, weight: TensorLike, bias?: TensorLike | null): Tensor {
  const hasBias = bias !== undefined && bias !== null;
  const { tensors, owned, dtype } = prepareOperands("linear", hasBias ? [x, weight, bias] : [x, weight]);
  try {
    const [tx, tw, tb] = tensors as [Tensor, Tensor, Tensor | undefined];
    checkShapes(tx, tw, tb);
    const computeIn = floatDTypeFor(dtype);
    return differentiable("linear", tensors, { hasBias }, () => forward(tx, tw, tb, computeIn));
  } finally {
    disposeOwned(tensors, owned);
  }
}

function checkShapes(x: Tensor, w: Tensor, b: Tensor | undefined): void {
  if (w.rank !== 2) throw new ShapeError(`linear: weight must be [out, in]: ${describe(x, w, b)}`);
  if (x.rank === 0 || x.shape[x.rank - 1] !== w.shape[1])
    throw new ShapeError(
      `linear: x must be [..., ${w.shape[1]}] to match weight [out, in]: ${describe(x, w, b)}`,
    );
  if (b && (b.rank !== 1 || b.shape[0] !== w.shape[0]))
    throw new ShapeError(`linear: bias must be [${w.shape[0]}] (one per output): ${describe(x, w, b)}`);
}

function describe(x: Tensor, w: Tensor, b: Tensor | undefined): string {
  return `x is ${formatShape(x.shape)}, weight ${formatShape(w.shape)}${b ? `, bias ${formatShape(b.shape)}` : ""}`;
}

function forward(x: Tensor, w: Tensor, b: Tensor | undefined, dtype: Tensor["dtype"]): Tensor {
  const cx = castIfNeeded(x, dtype);
  const cw = castIfNeeded(w, dtype);
  const cb = b ? castIfNeeded(b, dtype) : undefined;
  try {
    const backend = backendOf("linear", cx, cw, ...(cb ? [cb] : []));
    const kernel = backend.kernels.matmul;
    // Any other rank, or a backend without matmul, goes through the general ops (unrecorded here).
    if (cx.rank !== 2 || !kernel) {
      const y = matmul(cx, cw, { transposeB: true });
      if (!cb) return y;
      try {
        return add(y, cb);
      } finally {
        y.dispose();
      }
    }
    const shape = [cx.shape[0]!, cw.shape[0]!];
    // The kernel takes b as the [in, out] view it multiplies by: weight's transpose, strides swapped.
    const wv = cw.view("linear");
    const wt: View<unknown> = {
      ...wv,
      shape: [wv.shape[1]!, wv.shape[0]!],
      strides: [wv.strides[1]!, wv.strides[0]!],
    };
    const product = kernel(cx.view("linear"), wt, { transposeA: false, transposeB: true });
    if (!cb) return wrap(backend, product, shape, dtype);
    const view: View<unknown> = {
      storage: product,
      dtype,
      shape,
      strides: contiguousStrides(shape),
      offset: 0,
    };
    try {
      return wrap(backend, backend.kernels.add(view, broadcastView(cb, shape, "linear")), shape, dtype);
    } finally {
      backend.kernels.free(product); // never wrapped: the core's counters never saw it
    }
  } finally {
    if (cx !== x) cx.dispose();
    if (cw !== w) cw.dispose();
    if (cb && cb !== b) cb.dispose();
  }
}
