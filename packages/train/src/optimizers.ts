import type { Parameter } from "@tensorkit/nn";
import { Adadelta, Adagrad, Adam, Adamax, AdamW, Optimizer, RMSprop, SGD } from "@tensorkit/optim";
import { ValueError } from "@tensorkit/tensor";

/** Optimisers by name, with Keras' default learning rates (compile is the Keras API). */
export type OptimizerName = "sgd" | "adam" | "adamw" | "rmsprop" | "adagrad" | "adadelta" | "adamax";

/** An optimiser by name with options, e.g. `{ name: "adam", lr: 0.01 }`. */
export interface OptimizerSpec {
  readonly name: OptimizerName;
  readonly lr?: number;
  readonly [option: string]: unknown;
}

/** What `compile` accepts as the optimiser: a name, a name with options, an instance, or a factory. */
export type OptimizerLike = OptimizerName | OptimizerSpec | Optimizer | ((params: Parameter[]) => Optimizer);

const MAKERS: Record<OptimizerName, (params: Parameter[], options: Record<string, unknown>) => Optimizer> = {
  sgd: (p, o) => new SGD(p, { lr: 0.01, ...o }),
  adam: (p, o) => new Adam(p, { lr: 0.001, ...o }),
  adamw: (p, o) => new AdamW(p, { lr: 0.001, weightDecay: 0.004, ...o }),
  rmsprop: (p, o) => new RMSprop(p, { lr: 0.001, alpha: 0.9, eps: 1e-7, ...o }),
  adagrad: (p, o) => new Adagrad(p, { lr: 0.001, initialAccumulatorValue: 0.1, eps: 1e-7, ...o }),
  adadelta: (p, o) => new Adadelta(p, { lr: 0.001, rho: 0.95, eps: 1e-7, ...o }),
  adamax: (p, o) => new Adamax(p, { lr: 0.001, eps: 1e-7, ...o }),
};

/** Makes the optimiser `compile` was given, over the model's trainable parameters. */
export function resolveOptimizer(spec: OptimizerLike, params: Parameter[]): Optimizer {
  if (typeof spec === "function") return spec(params);
  if (spec instanceof Optimizer) return spec;
  const { name, ...options } = typeof spec === "string" ? { name: spec } : spec;
  const make = MAKERS[name as OptimizerName];
  if (!make)
    throw new ValueError(
      `compile: unknown optimizer '${String(name)}'; known: ${Object.keys(MAKERS).join(", ")}`,
    );
  return make(params, options as Record<string, unknown>);
}

/** The name and options of a named optimiser, for the model file's training configuration. */
export function describeOptimizer(spec: OptimizerLike): Record<string, unknown> {
  if (typeof spec === "string") return { name: spec };
  if (typeof spec === "object" && !(spec instanceof Optimizer)) return { ...spec };
  return { name: (spec as object).constructor?.name ?? "custom" };
}
