import { TensorkitError } from "@tensorkit/tensor";
import { BatchNorm1d, BatchNorm2d } from "./layers/batchnorm.js";
import type { Module } from "./module.js";

/**
 * The layers of a model that hold parameters, as `[dottedName, module]` in forward order for a
 * `Sequential` (declaration order otherwise): each module that has parameters of its own and no
 * submodules. These are the "layers" that {@link unfreezeTop} counts.
 *
 * @example
 * ```ts
 * parameterLayers(model).map(([name]) => name); // ["0", "3", "6", "8"]
 * ```
 */
export function parameterLayers(model: Module<never[], unknown>): [string, Module<never[], unknown>][] {
  return model.namedModules().filter(([, m]) => m.children().length === 0 && m.parameters().length > 0);
}

/** Options of {@link unfreezeTop}. */
export interface UnfreezeTopOptions {
  /**
   * Leave BatchNorm layers frozen (in inference mode, neither counted nor unfrozen), as Keras'
   * fine-tuning guide advises: with few samples, batch statistics would wreck what the base
   * learnt. Default true.
   */
  readonly keepBatchNormFrozen?: boolean;
  /** Layers not to count or touch (e.g. the new head, already trainable). */
  readonly exclude?: readonly Module<never[], unknown>[];
}

/**
 * Unfreezes the top `n` layers with parameters (the last ones in {@link parameterLayers} order):
 * step 2 of the transfer-learning recipe. Returns the dotted names of the layers it unfroze.
 * Throws when `n` is not a non-negative integer or exceeds the layers available.
 *
 * @example
 * ```ts
 * model.trainable = false;
 * unfreezeTop(model, 2); // ["3", "6"]: the last two layers with weights train again
 * ```
 */
export function unfreezeTop(
  model: Module<never[], unknown>,
  n: number,
  options: UnfreezeTopOptions = {},
): string[] {
  const keepBn = options.keepBatchNormFrozen ?? true;
  const excluded = new Set(options.exclude ?? []);
  const candidates = parameterLayers(model).filter(
    ([, m]) => !excluded.has(m) && !(keepBn && (m instanceof BatchNorm1d || m instanceof BatchNorm2d)),
  );
  if (!Number.isInteger(n) || n < 0 || n > candidates.length)
    throw new TensorkitError(
      `unfreezeTop: n must be an integer in [0, ${candidates.length}] (the layers with parameters${
        keepBn ? ", BatchNorm left out" : ""
      }), got ${n}`,
    );
  const chosen = n === 0 ? [] : candidates.slice(-n);
  for (const [, m] of chosen) m.trainable = true;
  return chosen.map(([name]) => name);
}
