import { tidy, ValueError } from "@tensorkit/tensor";
import type { Transformer } from "../preprocessing/base.js";
import { readJSON, type TransformerJSON } from "../serialize.js";
import { transformerFromJSON } from "./from-json.js";

/** One step of a {@link Pipeline}: a name and a transformer. */
export type PipelineStep = readonly [name: string, transformer: Transformer];

/**
 * Chains transformers, as scikit-learn's `Pipeline`: `fit` fits each step on the output of the
 * previous one. Tensors made between steps are freed (the steps run inside `tidy`); the
 * result is the caller's to dispose.
 *
 * @example
 * ```ts
 * const numeric = new Pipeline([
 *   ["impute", new SimpleImputer({ strategy: "median" })],
 *   ["scale", new StandardScaler()],
 * ]);
 * const x = numeric.fitTransform(table.toRows(["age", "fare"]));
 * const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(numeric)));
 * ```
 */
export class Pipeline implements Transformer {
  readonly type = "Pipeline";
  readonly steps: readonly PipelineStep[];

  constructor(steps: readonly PipelineStep[]) {
    if (steps.length === 0) throw new ValueError("Pipeline: needs at least one step");
    const names = new Set<string>();
    for (const [name, t] of steps) {
      if (names.has(name)) throw new ValueError(`Pipeline: two steps are named "${name}"`);
      names.add(name);
      if (typeof t !== "object" || t === null || typeof t.fitTransform !== "function")
        throw new ValueError(`Pipeline: step "${name}" is not a transformer`);
    }
    this.steps = steps;
  }

  /** The step of that name. @example `pipe.step("scale") as StandardScaler` */
  step(name: string): Transformer {
    const s = this.steps.find(([n]) => n === name);
    if (s === undefined)
      throw new ValueError(
        `Pipeline.step: no step "${name}"; steps are ${this.steps.map(([n]) => `"${n}"`).join(", ")}`,
      );
    return s[1];
  }

  /** Fits each step on the previous step's output. @example `pipe.fit(xTrain)` */
  fit(x: unknown): this {
    tidy(() => {
      let v = x;
      this.steps.forEach(([, t], k) => {
        if (k === this.steps.length - 1) t.fit(v);
        else v = t.fitTransform(v);
      });
    });
    return this;
  }

  /** Runs `x` through every step. @example `const xt = pipe.transform(xTest)` */
  transform(x: unknown): unknown {
    return tidy(() => this.steps.reduce((v, [, t]) => t.transform(v), x));
  }

  /** `fit(x)` and the transformed `x`. @example `const xt = pipe.fitTransform(xTrain)` */
  fitTransform(x: unknown): unknown {
    return tidy(() => this.steps.reduce((v, [, t]) => t.fitTransform(v), x));
  }

  /** Undoes every step, last first (each must have `inverseTransform`). @example `pipe.inverseTransform(y)` */
  inverseTransform(x: unknown): unknown {
    for (const [name, t] of this.steps)
      if (typeof t.inverseTransform !== "function")
        throw new ValueError(`Pipeline.inverseTransform: step "${name}" (${t.type}) has no inverseTransform`);
    return tidy(() => [...this.steps].reverse().reduce((v, [, t]) => t.inverseTransform!(v), x));
  }

  /** The output names of the last step, given the input names. @example `pipe.getFeatureNamesOut(["age"])` */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    let names = inputFeatures === undefined ? undefined : [...inputFeatures];
    for (const [name, t] of this.steps) {
      if (typeof t.getFeatureNamesOut !== "function")
        throw new ValueError(
          `Pipeline.getFeatureNamesOut: step "${name}" (${t.type}) does not name its features`,
        );
      names = t.getFeatureNamesOut(names);
    }
    return names!;
  }

  /** The pipeline and every step as JSON. @example `JSON.stringify(pipe)` */
  toJSON(): TransformerJSON {
    return {
      type: this.type,
      version: 1,
      params: { steps: this.steps.map(([n, t]) => [n, t.toJSON()]) },
      state: null,
    };
  }

  /** Restores a pipeline saved with `toJSON`. @example `Pipeline.fromJSON(saved)` */
  static fromJSON(json: unknown): Pipeline {
    const j = readJSON(json, "Pipeline");
    const steps = j.params.steps as [string, unknown][];
    return new Pipeline(steps.map(([n, t]) => [n, transformerFromJSON(t)]));
  }
}
