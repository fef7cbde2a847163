import type { DType } from "../core/dtype.js";
import { isRecorded, NO_ATTRS, recorded } from "../core/grad-hooks.js";
import { tidy } from "../core/scope.js";
import { broadcastShapes } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { castIfNeeded, disposeOwned, prepareOperands, type TensorLike } from "./convert.js";
import { backendOf, broadcastView, wrap } from "./dispatch.js";
import { binaryOp } from "./elementwise.js";
import { abs } from "./unary.js";

/** `a == b` → bool. @example `equal(pred, target)` */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("equal", "equal", a, b, "compare");
}

/** `a < b` → bool. @example `less(x, 0)` */
export function less(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("less", "less", a, b, "compare");
}

/** `a > b` → bool. @example `greater(x, 0)` */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("greater", "less", b, a, "compare");
}

/** `a != b` → bool (NaN != NaN is true). @example `notEqual(x, 0)` */
export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => logicalNot(equal(a, b)));
}

/** `a <= b` → bool (false where either is NaN). @example `lessEqual(x, 1)` */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => logicalOr(less(a, b), equal(a, b)));
}

/** `a >= b` → bool (false where either is NaN). @example `greaterEqual(x, 0)` */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => logicalOr(less(b, a), equal(a, b)));
}

/**
 * `cond ? a : b` element-wise, broadcasting all three; `cond` is read as bool (nonzero is true).
 *
 * @example
 * ```ts
 * where(greater(x, 0), x, 0); // relu
 * ```
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = prepareOperands("where", [cond]);
  const ab = prepareOperands("where", [a, b]);
  try {
    const tc = c.tensors[0]!;
    const [ta, tb] = ab.tensors as [Tensor, Tensor];
    const shape = broadcastShapes("where", tc.shape, ta.shape, tb.shape);
    const inputs = [tc, ta, tb];
    if (!isRecorded(inputs)) return select(tc, ta, tb, shape, ab.dtype);
    return recorded("where", inputs, NO_ATTRS, () => select(tc, ta, tb, shape, ab.dtype));
  } finally {
    disposeOwned(c.tensors, c.owned);
    disposeOwned(ab.tensors, ab.owned);
  }
}

function select(tc: Tensor, ta: Tensor, tb: Tensor, shape: number[], dtype: DType): Tensor {
  const cb = castIfNeeded(tc, "bool");
  const ca = castIfNeeded(ta, dtype);
  const cbb = castIfNeeded(tb, dtype);
  try {
    const backend = backendOf("where", cb, ca, cbb);
    const out = backend.kernels.where(
      broadcastView(cb, shape, "where"),
      broadcastView(ca, shape, "where"),
      broadcastView(cbb, shape, "where"),
    );
    return wrap(backend, out, shape, dtype);
  } finally {
    if (cb !== tc) cb.dispose();
    if (ca !== ta) ca.dispose();
    if (cbb !== tb) cbb.dispose();
  }
}

/** Logical not → bool (a value is true when nonzero). @example `logicalNot(mask)` */
export function logicalNot(x: TensorLike): Tensor {
  return tidy(() => equal(asBool(x), false));
}

/** Logical and → bool. @example `logicalAnd(greater(x, 0), less(x, 1))` */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => where(asBool(a), asBool(b), false));
}

/** Logical or → bool. @example `logicalOr(isNaN(x), less(x, 0))` */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => where(asBool(a), true, asBool(b)));
}

/** Logical exclusive or → bool. @example `logicalXor(a, b)` */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => logicalNot(equal(asBool(a), asBool(b))));
}

/** True where `x` is NaN. @example `isNaN(x)` */
export function isNaN(x: TensorLike): Tensor {
  return tidy(() => logicalNot(equal(x, x)));
}

/** True where `x` is neither NaN nor ±Infinity (always true for integer and bool tensors). @example `isFinite(x)` */
export function isFinite(x: TensorLike): Tensor {
  return tidy(() => {
    const { tensors } = prepareOperands("isFinite", [x]);
    const t = tensors[0]!;
    if (t.dtype === "int32" || t.dtype === "bool") return equal(t, t);
    return less(abs(t), Number.POSITIVE_INFINITY);
  });
}

/** `x` as a bool tensor; only called inside `tidy`, which frees what it creates. */
function asBool(x: TensorLike): Tensor {
  return castIfNeeded(prepareOperands("logical", [x]).tensors[0]!, "bool");
}
