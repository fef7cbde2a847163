import {
  cast,
  DTypeError,
  formatShape,
  Generator,
  mul,
  randn,
  sum,
  type Tensor,
  TensorkitError,
  tensor,
  tidy,
} from "@tensorkit/tensor";
import { ensureEngine } from "./engine.js";
import { valueAndGrad } from "./functional.js";

/** Options of {@link gradCheck}. */
export interface GradCheckOptions {
  /** Finite-difference step. Default 1e-6. */
  readonly eps?: number;
  /**
   * Gradients smaller than this are compared absolutely: the relative error of element i is
   * `|analytic - numeric| / max(|analytic|, |numeric|, floor)`. Default 1e-2, so that
   * finite-difference noise on a near-zero gradient does not read as a large relative error.
   */
  readonly floor?: number;
  /** The check passes when every input's worst relative error is below this. Default 1e-6. */
  readonly tolerance?: number;
  /** Seed of the random projection used for non-scalar outputs. Default 0. */
  readonly seed?: number;
}

/** What {@link gradCheck} found, per input. */
export interface GradCheckReport {
  /** Whether every input's worst relative error is below the tolerance. */
  readonly ok: boolean;
  /** Worst relative error per input (see {@link GradCheckOptions.floor}). */
  readonly maxRelError: number[];
  /** Worst absolute error per input. */
  readonly maxAbsError: number[];
  /** Flat index of the worst element per input (-1 for an empty input). */
  readonly worstIndex: number[];
}

/**
 * Checks the analytic gradients of `f` at `inputs` against central finite differences in
 * float64. A non-scalar output is projected onto a fixed random direction first, so every
 * output element takes part. Inputs are converted to float64 (the backend must store it).
 *
 * @example
 * ```ts
 * const report = gradCheck((a, b) => matmul(a, b), [randn([3, 4]), randn([4, 2])]);
 * report.ok; // true
 * ```
 */
export function gradCheck(
  f: (...args: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradCheckOptions = {},
): GradCheckReport {
  ensureEngine();
  const eps = options.eps ?? 1e-6;
  const floor = options.floor ?? 1e-2;
  const tolerance = options.tolerance ?? 1e-6;
  for (const t of inputs) {
    if (!t.backend.dtypes.includes("float64")) {
      throw new DTypeError(
        `gradCheck: finite differences need float64, which backend '${t.backend.name}' does not store`,
      );
    }
  }
  return tidy(() => {
    const xs = inputs.map((t) => cast(t, "float64"));
    // Evaluations record nothing unless f differentiates internally (a grad inside f), which must work.
    const probe = f(...xs);
    if (!probe.dtype.startsWith("float")) {
      throw new TensorkitError(
        `gradCheck: f must return a float tensor, got ${probe.dtype} of shape ${formatShape(probe.shape)}`,
      );
    }
    // Project onto a fixed direction: d<f(x), r>/dx checks every row of the Jacobian at once.
    const direction =
      probe.size === 1
        ? null
        : randn(probe.shape, { dtype: "float64", generator: new Generator(options.seed ?? 0) });
    const scalar = (...args: Tensor[]): Tensor => {
      const y = cast(f(...args), "float64");
      return direction ? sum(mul(y, direction)) : sum(y);
    };
    const { grads } = valueAndGrad(scalar, { allowUnused: true })(...xs);
    const evaluate = (args: Tensor[]): number => tidy(() => scalar(...args).item() as number);

    const maxRelError: number[] = [];
    const maxAbsError: number[] = [];
    const worstIndex: number[] = [];
    xs.forEach((x, k) => {
      const base = Float64Array.from(x.dataSync());
      const analytic = grads[k]?.dataSync() ?? new Float64Array(base.length); // unused input: zero gradient
      let worstRel = 0;
      let worstAbs = 0;
      let worst = base.length > 0 ? 0 : -1;
      for (let i = 0; i < base.length; i++) {
        const at = (delta: number): number => {
          const moved = Float64Array.from(base);
          moved[i] = base[i]! + delta;
          const args = xs.slice();
          args[k] = tensor(moved, { shape: x.shape, dtype: "float64" });
          try {
            return evaluate(args);
          } finally {
            args[k]!.dispose();
          }
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        const a = analytic[i]!;
        const abs = Math.abs(a - numeric);
        const rel = abs / Math.max(Math.abs(a), Math.abs(numeric), floor);
        if (!(rel <= worstRel)) {
          worstRel = Number.isNaN(rel) ? Number.POSITIVE_INFINITY : rel;
          worst = i;
        }
        worstAbs = Math.max(worstAbs, Number.isNaN(abs) ? Number.POSITIVE_INFINITY : abs);
      }
      maxRelError.push(worstRel);
      maxAbsError.push(worstAbs);
      worstIndex.push(worst);
    });
    return { ok: maxRelError.every((e) => e < tolerance), maxRelError, maxAbsError, worstIndex };
  });
}
