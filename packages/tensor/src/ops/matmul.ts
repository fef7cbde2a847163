import type { View } from "../backend/contract.js";
import { type DType, floatDTypeFor } from "../core/dtype.js";
import { ShapeError } from "../core/errors.js";
import { isRecorded, recorded } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { broadcastShapes, formatShape, sizeOf } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { mul } from "./arithmetic.js";
import { castIfNeeded, disposeOwned, prepareOperands, type TensorLike } from "./convert.js";
import { backendOf, wrap } from "./dispatch.js";
import { concat } from "./join.js";
import { sum } from "./reduce.js";
import { expand, reshape, slice, squeeze, transpose, unsqueeze } from "./views.js";

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use the transpose of `a`'s last two axes. Default false. */
  readonly transposeA?: boolean;
  /** Use the transpose of `b`'s last two axes. Default false. */
  readonly transposeB?: boolean;
}

/**
 * The reference composition materialises `[..., M, K, N]` products; above this many elements it
 * works in chunks of rows (or of the leading batch axis), so memory stays near the output size.
 */
const CHUNK_ELEMENTS = 4 * 1024 * 1024;

/**
 * Matrix product with NumPy's rules (`torch.matmul`): 1-D operands are vectors (vector·vector is a
 * scalar, matrix·vector a vector), and leading batch axes broadcast. int32 and bool operands are
 * computed as float32; float64 stays float64.
 *
 * @example
 * ```ts
 * matmul(tensor([[1, 2], [3, 4]]), tensor([1, 1])); // [3, 7]
 * matmul(q, k, { transposeB: true });             // q · kᵀ, batched
 * ```
 */
export function matmul(a: TensorLike, b: TensorLike, options: MatmulOptions = {}): Tensor {
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  const { tensors, owned, dtype } = prepareOperands("matmul", [a, b]);
  try {
    const ta = tensors[0]!;
    const tb = tensors[1]!;
    if (ta.rank === 0 || tb.rank === 0) {
      throw new ShapeError(
        `matmul: both operands need at least one dimension: ${describe(ta, tb, transposeA, transposeB)}`,
      );
    }
    const computeIn = floatDTypeFor(dtype);
    // A vector has nothing to transpose: recorded with the flags that took effect, on the operands as given.
    const attrs: Required<MatmulOptions> = {
      transposeA: transposeA && ta.rank >= 2,
      transposeB: transposeB && tb.rank >= 2,
    };
    if (!isRecorded(tensors)) return product(ta, tb, attrs, computeIn);
    return recorded("matmul", tensors, attrs, () => product(ta, tb, attrs, computeIn));
  } finally {
    disposeOwned(tensors, owned);
  }
}

function describe(ta: Tensor, tb: Tensor, transposeA: boolean, transposeB: boolean): string {
  return `a is ${formatShape(ta.shape)}${transposeA ? " (transposeA)" : ""}, b is ${formatShape(tb.shape)}${transposeB ? " (transposeB)" : ""}`;
}

/** `ta · tb` with the resolved flags, computed in `computeIn`. */
function product(ta: Tensor, tb: Tensor, flags: Required<MatmulOptions>, computeIn: DType): Tensor {
  const ca = castIfNeeded(ta, computeIn);
  const cb = castIfNeeded(tb, computeIn);
  try {
    const backend = ca.backend;
    const kernel = backend.kernels.matmul;
    // Two matrices (a dense layer's case): the kernel reads the transposes as views, no copies.
    if (kernel && ca.rank === 2 && cb.rank === 2) {
      const va = matrixView(ca, flags.transposeA);
      const vb = matrixView(cb, flags.transposeB);
      const k = va.shape[1]!;
      if (k !== vb.shape[0])
        throw new ShapeError(
          `matmul: inner dimensions differ: ${describe(ta, tb, flags.transposeA, flags.transposeB)} (${k} ≠ ${vb.shape[0]})`,
        );
      return wrap(backend, kernel(va, vb, flags), [va.shape[0]!, vb.shape[1]!], computeIn);
    }
    return tidy(() => batched(ta, tb, ca, cb, flags, computeIn));
  } finally {
    if (ca !== ta) ca.dispose();
    if (cb !== tb) cb.dispose();
  }
}

/** A 2-D tensor's kernel view, transposed (strides swapped) when `transpose`. */
function matrixView(t: Tensor, transpose: boolean): View<unknown> {
  const v = t.view("matmul");
  if (!transpose) return v;
  return { ...v, shape: [v.shape[1]!, v.shape[0]!], strides: [v.strides[1]!, v.strides[0]!] };
}

/** The general case: vectors, batch axes (broadcast), a backend without a matmul kernel. */
function batched(
  ta: Tensor,
  tb: Tensor,
  ca: Tensor,
  cb: Tensor,
  flags: Required<MatmulOptions>,
  computeIn: DType,
): Tensor {
  // The transposes are views; vectors become [1, K] and [K, 1].
  const ma = ta.rank === 1 ? unsqueeze(ca, 0) : flags.transposeA ? transpose(ca) : ca;
  const mb = tb.rank === 1 ? unsqueeze(cb, 1) : flags.transposeB ? transpose(cb) : cb;
  const m = ma.shape[ma.rank - 2]!;
  const k = ma.shape[ma.rank - 1]!;
  const kb = mb.shape[mb.rank - 2]!;
  const n = mb.shape[mb.rank - 1]!;
  if (k !== kb)
    throw new ShapeError(
      `matmul: inner dimensions differ: ${describe(ta, tb, flags.transposeA, flags.transposeB)} (${k} ≠ ${kb})`,
    );
  const batchA = ma.shape.slice(0, -2);
  const batchB = mb.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes("matmul", batchA, batchB);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new ShapeError(
      `matmul: batch dimensions ${formatShape(batchA)} and ${formatShape(batchB)} cannot be broadcast together: ${describe(ta, tb, flags.transposeA, flags.transposeB)}`,
    );
  }
  const ea = expand(ma, [...batch, m, k]);
  const eb = expand(mb, [...batch, k, n]);
  const backend = backendOf("matmul", ea, eb);
  const kernel = backend.kernels.matmul;
  const full = kernel
    ? wrap(backend, kernel(ea.view("matmul"), eb.view("matmul"), flags), [...batch, m, n], computeIn)
    : referenceMatmul(ea, eb);
  const outShape = [...batch, ...(ta.rank === 1 ? [] : [m]), ...(tb.rank === 1 ? [] : [n])];
  return reshape(full, outShape);
}

/**
 * `a` `[...batch, M, K]` times `b` `[...batch, K, N]` (equal batch shapes) from required kernels:
 * the broadcast product `[..., M, K, 1] * [..., 1, K, N]` summed over K, in chunks.
 */
function referenceMatmul(a: Tensor, b: Tensor): Tensor {
  const rank = a.rank;
  const k = a.shape[rank - 1]!;
  const n = b.shape[rank - 1]!;
  const total = sizeOf(a.shape) * n;
  const direct = (x: Tensor, y: Tensor): Tensor =>
    tidy(() => sum(mul(unsqueeze(x, -1), unsqueeze(y, -3)), -2));
  if (total <= CHUNK_ELEMENTS) return direct(a, b);
  const lead = a.shape[0]!;
  return tidy(() => {
    const pieces: Tensor[] = [];
    if (rank === 2) {
      // Rows of a, against all of b. A single row that is still too big (K·N huge) is only as big as b.
      const rows = Math.max(1, Math.floor(CHUNK_ELEMENTS / (k * n)));
      for (let start = 0; start < lead; start += rows)
        pieces.push(direct(slice(a, [[start, start + rows]]), b));
    } else if (lead === 1) {
      return unsqueeze(referenceMatmul(squeeze(a, 0), squeeze(b, 0)), 0);
    } else {
      const step = Math.max(1, Math.floor(CHUNK_ELEMENTS / (total / lead)));
      for (let start = 0; start < lead; start += step) {
        const range = [[start, start + step]] as const;
        // Each chunk in its own tidy: its products are freed before the next chunk is computed.
        pieces.push(tidy(() => referenceMatmul(slice(a, range), slice(b, range))));
      }
    }
    return pieces.length === 1 ? pieces[0]! : concat(pieces, 0);
  });
}
