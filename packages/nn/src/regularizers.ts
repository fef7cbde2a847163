import { abs, mul, square, sum, type Tensor } from "@tensorkit/tensor";
import type { RegularizerConfig } from "./config-registry.js";
import type { Regularizer } from "./module.js";

/** λ·Σ|w| (Keras' `regularizers.l1`). @example `dense(64, { kernelRegularizer: l1(1e-4) })` */
export function l1(lambda = 0.01): Regularizer {
  return Object.assign((w: Tensor) => mul(sum(abs(w)), lambda), {
    config: { type: "l1", l1: lambda } as const,
  });
}

/** λ·Σw² (Keras' `regularizers.l2`; note: no ½). @example `dense(64, { kernelRegularizer: l2(1e-4) })` */
export function l2(lambda = 0.01): Regularizer {
  return Object.assign((w: Tensor) => mul(sum(square(w)), lambda), {
    config: { type: "l2", l2: lambda } as const,
  });
}

/** λ₁·Σ|w| + λ₂·Σw² (Keras' `regularizers.l1_l2`). @example `l1l2(1e-5, 1e-4)` */
export function l1l2(l1Lambda = 0.01, l2Lambda = 0.01): Regularizer {
  const a = l1(l1Lambda);
  const b = l2(l2Lambda);
  return Object.assign((w: Tensor) => a(w).add(b(w)), {
    config: { type: "l1l2", l1: l1Lambda, l2: l2Lambda } as const,
  });
}

/**
 * The regulariser a {@link RegularizerConfig} describes (what a saved architecture holds).
 *
 * @example
 * ```ts
 * regularizerFromConfig(l2(1e-4).config!); // an l2(1e-4)
 * ```
 */
export function regularizerFromConfig(config: RegularizerConfig): Regularizer {
  switch (config.type) {
    case "l1":
      return l1(config.l1);
    case "l2":
      return l2(config.l2);
    case "l1l2":
      return l1l2(config.l1, config.l2);
  }
}
