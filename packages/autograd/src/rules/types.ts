import type { Tensor } from "@tensorkit/tensor";

/** What a gradient rule sees of the op it differentiates. */
export interface RuleContext<A = Record<string, unknown>> {
  /** The op's inputs, as the op passed them to `differentiable` (saved by the tape). */
  readonly inputs: readonly Tensor[];
  /** The op's output (saved by the tape). */
  readonly output: Tensor;
  /** The op's resolved options, as the op recorded them. */
  readonly attrs: A;
  /** Which inputs need a gradient: a rule may skip (return undefined for) the others. */
  readonly needsGrad: readonly boolean[];
}

/**
 * A vector-Jacobian product: given `dy` (the gradient of the loss with respect to the output,
 * with the output's shape), returns for each input the gradient with that input's shape and
 * dtype, or `undefined` when the input gets none. Rules are written in tensor ops, so they run on
 * any backend and, when recorded, can themselves be differentiated.
 */
export type GradRule<A = Record<string, unknown>> = (
  ctx: RuleContext<A>,
  dy: Tensor,
) => readonly (Tensor | undefined)[];

/** A rule and what it supports. */
export interface RuleEntry {
  // biome-ignore lint/suspicious/noExplicitAny: each op records its own attrs type; the table is keyed by op name.
  readonly rule: GradRule<any>;
  /**
   * False when the rule uses ops that are not themselves differentiable (e.g. a fused backward
   * kernel), so gradients of gradients through this op are refused with a clear error.
   */
  readonly secondOrder?: boolean;
}

/** Gradient rules by op name (the names ops record under). */
export type RuleTable = Readonly<Record<string, RuleEntry>>;
