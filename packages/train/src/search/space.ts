import type { ActivationName } from "@tensorkit/nn";
import { Generator } from "@tensorkit/tensor";
import type { OptimizerName } from "../optimizers.js";
import { SearchSpaceError } from "./errors.js";

/** A continuous or integer range for {@link randomSearch}: `uniform`/`logUniform` in [a, b), `randint` in [a, b]. */
export type Distribution =
  | { readonly uniform: readonly [number, number] }
  | { readonly logUniform: readonly [number, number] }
  | { readonly randint: readonly [number, number] };

/** A list of choices (grid and random search) or a distribution (random search only). */
export type Choices<T> = readonly T[] | Distribution;

/**
 * What to search over. Every key is optional (a missing key takes its default); each is a list
 * of choices, and for `randomSearch` the numeric ones may also be a {@link Distribution}. The
 * space is plain JSON, so a `space.json` file for the CLI has the same shape.
 *
 * @example
 * ```ts
 * const space: SearchSpace = {
 *   hidden: [[16], [32, 16]],          // depth and widths of the hidden layers
 *   activation: ["relu", "tanh"],
 *   lr: { logUniform: [1e-3, 1e-1] },  // randomSearch only
 *   epochs: [50],
 * };
 * ```
 */
export interface SearchSpace {
  /** Hidden layer widths, one list per architecture (`[]` is no hidden layer). Default `[[32]]`. */
  readonly hidden?: readonly (readonly number[])[];
  /** Activation of the hidden layers. Default `["relu"]`. */
  readonly activation?: readonly ActivationName[];
  /** Dropout rate after each hidden layer, in [0, 1). Default `[0]`. */
  readonly dropout?: Choices<number>;
  /** L2 penalty on the weights, ≥ 0. Default `[0]`. */
  readonly l2?: Choices<number>;
  /** Optimiser by name. Default `["adam"]`. */
  readonly optimizer?: readonly OptimizerName[];
  /** Learning rate, > 0. Default `[0.01]`. */
  readonly lr?: Choices<number>;
  /** Samples per gradient step, a positive integer. Default `[32]`. */
  readonly batchSize?: Choices<number>;
  /** Epochs (the most, with early stopping), a positive integer. Default `[50]`. */
  readonly epochs?: Choices<number>;
  /**
   * Early-stopping patience in epochs, or `null` for none. With a patience, each fit holds out
   * 10 % of its own training rows to watch `val_loss` and keeps the best weights. Default `[null]`.
   */
  readonly patience?: readonly (number | null)[] | Distribution;
}

/** One point of the space: the configuration a candidate is trained with. */
export interface CandidateParams {
  readonly hidden: readonly number[];
  readonly activation: ActivationName;
  readonly dropout: number;
  readonly l2: number;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly patience: number | null;
}

export type ParamKey = keyof CandidateParams;

/** The keys in the order tables show them. */
export const PARAM_KEYS: readonly ParamKey[] = [
  "hidden",
  "activation",
  "dropout",
  "l2",
  "optimizer",
  "lr",
  "batchSize",
  "epochs",
  "patience",
];

const DEFAULTS: CandidateParams = {
  hidden: [32],
  activation: "relu",
  dropout: 0,
  l2: 0,
  optimizer: "adam",
  lr: 0.01,
  batchSize: 32,
  epochs: 50,
  patience: null,
};

const ACTIVATIONS = [
  "relu",
  "tanh",
  "sigmoid",
  "gelu",
  "elu",
  "leakyRelu",
  "softplus",
  "linear",
  "softmax",
  "logSoftmax",
] as const satisfies readonly ActivationName[];
// Fails to compile when nn adds an activation this list does not know.
const allActivations: Exclude<ActivationName, (typeof ACTIVATIONS)[number]> extends never ? true : never =
  true;

const OPTIMIZERS = [
  "adam",
  "sgd",
  "adamw",
  "rmsprop",
  "adagrad",
  "adadelta",
  "adamax",
] as const satisfies readonly OptimizerName[];
const allOptimizers: Exclude<OptimizerName, (typeof OPTIMIZERS)[number]> extends never ? true : never = true;
void allActivations;
void allOptimizers;

type Check = (v: unknown) => string | null;

const positiveInt: Check = (v) =>
  typeof v === "number" && Number.isInteger(v) && v > 0 ? null : `must be a positive integer, got ${show(v)}`;
const RULES: Record<ParamKey, { check: Check; numeric: "float" | "int" | null }> = {
  hidden: {
    numeric: null,
    check: (v) => {
      if (!Array.isArray(v)) return `must be a list of layer widths such as [64, 32], got ${show(v)}`;
      const bad = v.findIndex((w) => positiveInt(w) !== null);
      return bad < 0 ? null : `width ${show(v[bad])} at position ${bad} must be a positive integer`;
    },
  },
  activation: {
    numeric: null,
    check: (v) =>
      (ACTIVATIONS as readonly unknown[]).includes(v)
        ? null
        : `unknown activation ${show(v)}; known: ${ACTIVATIONS.join(", ")}`,
  },
  dropout: {
    numeric: "float",
    check: (v) => (typeof v === "number" && v >= 0 && v < 1 ? null : `must be in [0, 1), got ${show(v)}`),
  },
  l2: {
    numeric: "float",
    check: (v) =>
      typeof v === "number" && Number.isFinite(v) && v >= 0 ? null : `must be a number ≥ 0, got ${show(v)}`,
  },
  optimizer: {
    numeric: null,
    check: (v) =>
      (OPTIMIZERS as readonly unknown[]).includes(v)
        ? null
        : `unknown optimizer ${show(v)}; known: ${OPTIMIZERS.join(", ")}`,
  },
  lr: {
    numeric: "float",
    check: (v) =>
      typeof v === "number" && Number.isFinite(v) && v > 0 ? null : `must be a number > 0, got ${show(v)}`,
  },
  batchSize: { numeric: "int", check: positiveInt },
  epochs: { numeric: "int", check: positiveInt },
  patience: { numeric: "int", check: (v) => (v === null ? null : positiveInt(v)) },
};

function show(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : (JSON.stringify(v) ?? String(v));
}

/** A validated space: every key a non-empty list of valid choices or a valid distribution. */
export type ResolvedSpace = { readonly [K in ParamKey]: readonly CandidateParams[K][] | Distribution };

/**
 * Checks every entry of `space` and fills in defaults; throws {@link SearchSpaceError} naming
 * the first bad entry. `mode: "grid"` rejects distributions (a grid needs finite lists).
 */
export function resolveSpace(space: SearchSpace, mode: "grid" | "random"): ResolvedSpace {
  if (typeof space !== "object" || space === null || Array.isArray(space))
    throw new SearchSpaceError("(root)", `must be an object of lists, got ${show(space)}`);
  for (const key of Object.keys(space))
    if (!Object.hasOwn(RULES, key))
      throw new SearchSpaceError(key, `unknown entry; the space has: ${PARAM_KEYS.join(", ")}`);
  const out: Record<string, unknown> = {};
  for (const key of PARAM_KEYS) {
    const rule = RULES[key];
    const value = (space as Record<string, unknown>)[key];
    if (value === undefined) {
      out[key] = [DEFAULTS[key]];
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) throw new SearchSpaceError(key, "is an empty list; give at least one choice");
      value.forEach((v, i) => {
        const problem = rule.check(v);
        if (problem) throw new SearchSpaceError(`${key}[${i}]`, problem);
      });
      out[key] = value;
      continue;
    }
    out[key] = checkDistribution(key, value, rule, mode);
  }
  return out as ResolvedSpace;
}

function checkDistribution(
  key: ParamKey,
  value: unknown,
  rule: { check: Check; numeric: "float" | "int" | null },
  mode: "grid" | "random",
): Distribution {
  const kind = typeof value === "object" && value !== null ? Object.keys(value) : [];
  const name = kind.length === 1 ? kind[0]! : undefined;
  if (rule.numeric === null || !name || !["uniform", "logUniform", "randint"].includes(name))
    throw new SearchSpaceError(
      key,
      `must be a list of choices${rule.numeric ? " or a distribution ({ uniform | logUniform | randint: [low, high] })" : ""}, got ${show(value)}`,
    );
  if (mode === "grid")
    throw new SearchSpaceError(
      key,
      `a grid search needs a list of choices, not a distribution (${name}); distributions are for random search`,
    );
  const range = (value as Record<string, unknown>)[name];
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !range.every((b) => typeof b === "number" && Number.isFinite(b)) ||
    !(range[0] < range[1] || (name === "randint" && range[0] === range[1]))
  )
    throw new SearchSpaceError(`${key}.${name}`, `must be [low, high] with low < high, got ${show(range)}`);
  if (name === "randint" && rule.numeric !== "int")
    throw new SearchSpaceError(`${key}.${name}`, `${key} is not an integer; use uniform or logUniform`);
  if (name !== "randint" && rule.numeric === "int")
    throw new SearchSpaceError(`${key}.${name}`, `${key} is an integer; use randint`);
  if (name === "logUniform" && range[0] <= 0)
    throw new SearchSpaceError(`${key}.${name}`, `logUniform needs low > 0, got ${range[0]}`);
  // Both ends must be valid values (the high end is excluded by uniform/logUniform, but a value
  // arbitrarily close to it is not).
  for (const [i, end] of (range as number[]).entries()) {
    const problem = rule.check(end);
    if (problem && !(name !== "randint" && i === 1 && rule.check(end - 1e-12) === null))
      throw new SearchSpaceError(`${key}.${name}[${i}]`, problem);
  }
  return value as Distribution;
}

/**
 * Checks a search space without searching: throws {@link SearchSpaceError} naming the first bad
 * entry, as `gridSearch` (`mode: "grid"`) or `randomSearch` (`"random"`) would before training.
 *
 * @example
 * ```ts
 * validateSearchSpace(JSON.parse(await readFile("space.json", "utf8")), "grid");
 * ```
 */
export function validateSearchSpace(space: SearchSpace, mode: "grid" | "random"): void {
  resolveSpace(space, mode);
}

/** Every combination of the lists, in order (the last key varies fastest, as scikit-learn's ParameterGrid). */
export function gridCandidates(space: ResolvedSpace): CandidateParams[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const key of PARAM_KEYS) {
    const choices = space[key] as readonly unknown[];
    combos = combos.flatMap((c) => choices.map((v) => ({ ...c, [key]: v })));
  }
  return combos as unknown as CandidateParams[];
}

/**
 * `trials` candidates drawn with a generator seeded by `seed`: each list uniformly, each
 * distribution by its law. Keys are drawn in a fixed order, so the same seed gives the same
 * candidates whatever else runs.
 */
export function randomCandidates(space: ResolvedSpace, trials: number, seed: number): CandidateParams[] {
  const g = new Generator(seed);
  return Array.from({ length: trials }, () => {
    const c: Record<string, unknown> = {};
    for (const key of PARAM_KEYS) c[key] = draw(space[key], g);
    return c as unknown as CandidateParams;
  });
}

function draw(choices: readonly unknown[] | Distribution, g: Generator): unknown {
  if (Array.isArray(choices)) return choices[g.nextBelow(choices.length)];
  const d = choices as Distribution;
  if ("uniform" in d) return d.uniform[0] + g.nextDouble() * (d.uniform[1] - d.uniform[0]);
  if ("logUniform" in d) {
    const [lo, hi] = [Math.log(d.logUniform[0]), Math.log(d.logUniform[1])];
    return Math.exp(lo + g.nextDouble() * (hi - lo));
  }
  return d.randint[0] + g.nextBelow(d.randint[1] - d.randint[0] + 1);
}

/**
 * The parameters as one short line.
 *
 * @example
 * ```ts
 * describeParams(result.best.params); // "hidden=32-16 activation=relu dropout=0 … patience=none"
 * ```
 */
export function describeParams(p: CandidateParams): string {
  return PARAM_KEYS.map((k) => `${k}=${formatParam(k, p[k])}`).join(" ");
}

/**
 * One parameter as tables and CSV show it: widths joined by `-`, `none` for no patience.
 *
 * @example
 * ```ts
 * formatParam("hidden", [32, 16]); // "32-16"
 * ```
 */
export function formatParam(key: ParamKey, v: CandidateParams[ParamKey]): string {
  if (key === "hidden") return (v as readonly number[]).join("-") || "none";
  if (v === null) return "none";
  return String(v);
}
