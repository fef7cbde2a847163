import type { Tensor } from "../tensor.js";
import type { TensorLike } from "./convert.js";
import { binaryOp } from "./elementwise.js";

/** `a + b`, with broadcasting. @example `add(x, 1)` */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("add", "add", a, b, "same");
}

/** `a - b`, with broadcasting. @example `sub(x, mean(x))` */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("sub", "sub", a, b, "same");
}

/** `a * b`, with broadcasting. @example `mul(x, 2)` */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("mul", "mul", a, b, "same");
}

/** True division `a / b` (integers divide as floats, as PyTorch's `div`). @example `div(x, 255)` */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("div", "div", a, b, "float");
}

/** `a ** b`; int32 ** int32 stays int32. @example `pow(x, 2)` */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("pow", "pow", a, b, "same");
}

/** Element-wise maximum; NaN propagates. @example `maximum(x, 0)` */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("maximum", "maximum", a, b, "same");
}

/** Element-wise minimum; NaN propagates. @example `minimum(x, 1)` */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp("minimum", "minimum", a, b, "same");
}
