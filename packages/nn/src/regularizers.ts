import { abs, mul, square, sum, type Tensor } from "@tensorkit/tensor";
import type { Regularizer } from "./module.js";

/** λ·Σ|w| (Keras' `regularizers.l1`). @example `dense(64, { kernelRegularizer: l1(1e-4) })` */
export function l1(lambda = 0.01): Regularizer {
  return (w: Tensor) => mul(sum(abs(w)), lambda);
}

/** λ·Σw² (Keras' `regularizers.l2`; note: no ½). @example `dense(64, { kernelRegularizer: l2(1e-4) })` */
export function l2(lambda = 0.01): Regularizer {
  return (w: Tensor) => mul(sum(square(w)), lambda);
}

/** λ₁·Σ|w| + λ₂·Σw² (Keras' `regularizers.l1_l2`). @example `l1l2(1e-5, 1e-4)` */
export function l1l2(l1Lambda = 0.01, l2Lambda = 0.01): Regularizer {
  const a = l1(l1Lambda);
  const b = l2(l2Lambda);
  return (w: Tensor) => a(w).add(b(w));
}
