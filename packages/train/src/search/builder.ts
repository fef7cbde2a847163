import { dense, dropout, flatten, type LayerSpec, l2, type Module, sequential } from "@tensorkit/nn";
import type { Tensor } from "@tensorkit/tensor";
import type { CandidateParams } from "./space.js";

/** What a model builder is told about the data. */
export interface BuildContext {
  /** One sample's shape, e.g. `[4]` or `[1, 28, 28]`. */
  readonly inputShape: readonly number[];
  /** Output units: the number of classes (logits) or of regression targets. */
  readonly nOutputs: number;
}

/**
 * Makes a candidate's model. It must be describable by `toConfig()` (built with `@tensorkit/nn`
 * layers, or with types registered by `registerModuleType`): the search trains fresh copies
 * from that config, in this thread or in worker threads.
 */
export type ModelBuilder = (params: CandidateParams, context: BuildContext) => Module<[Tensor], Tensor>;

/**
 * The default builder: a multilayer perceptron. Images and other multi-axis samples are
 * flattened, then one `dense(width, activation)` per hidden width (with the L2 penalty on its
 * weights, and dropout after it), then a linear output layer (logits or regression values).
 *
 * @example
 * ```ts
 * const model = mlpBuilder({ ...params, hidden: [32, 16] }, { inputShape: [4], nOutputs: 3 });
 * ```
 */
export const mlpBuilder: ModelBuilder = (params, { inputShape, nOutputs }) => {
  const reg = params.l2 > 0 ? { kernelRegularizer: l2(params.l2) } : {};
  const layers: LayerSpec[] = inputShape.length > 1 ? [flatten()] : [];
  for (const width of params.hidden) {
    layers.push(dense(width, { activation: params.activation, ...reg }));
    if (params.dropout > 0) layers.push(dropout(params.dropout));
  }
  layers.push(dense(nOutputs));
  return sequential(layers, { inputShape });
};
