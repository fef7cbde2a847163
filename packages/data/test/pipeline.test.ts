import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Pipeline } from "../src/compose/pipeline.js";
import { MinMaxScaler } from "../src/preprocessing/min-max-scaler.js";
import { Normalizer } from "../src/preprocessing/normalizer.js";
import { SimpleImputer } from "../src/preprocessing/simple-imputer.js";
import { StandardScaler } from "../src/preprocessing/standard-scaler.js";
import { expectClose, fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const s = fixture("scalers.json");
const imp = fixture("imputers.json");

describe("Pipeline", () => {
  it("chains steps: fitTransform equals the steps run by hand on scikit-learn's outputs", () => {
    const p = new Pipeline([
      ["impute", new SimpleImputer({ strategy: "median" })],
      ["scale", new StandardScaler()],
    ]);
    const out = p.fitTransform(imp.XNaN) as number[][];
    // the scaler of the pipeline saw exactly scikit-learn's imputed matrix
    expectClose(out, new StandardScaler().fitTransform(imp.median.fitTransform));
    expectClose(p.transform(imp.XNaN) as number[][], out);
    expect((p.step("impute") as SimpleImputer).statistics).toEqual(imp.median.statistics);
    expect(p.getFeatureNamesOut(["a", "b", "c"])).toEqual(["a", "b", "c"]);
  });

  it("frees the tensors made between steps; inverseTransform runs the steps backwards", () => {
    const before = memory().numTensors;
    const x = tensor(s.X as number[][]);
    const p = new Pipeline([
      ["std", new StandardScaler()],
      ["minmax", new MinMaxScaler()],
    ]).fit(x);
    const y = p.transform(x) as ReturnType<typeof tensor>;
    const back = p.inverseTransform(y) as ReturnType<typeof tensor>;
    expectClose(back.toArray(), s.X, 1e-5);
    for (const t of [x, y, back]) t.dispose();
    expect(memory().numTensors).toBe(before);
    expect(() => new Pipeline([["n", new Normalizer()]]).fit([[1]]).inverseTransform([[1]])).toThrow(
      /no inverse/,
    );
  });

  it("round-trips through JSON; rejects empty or duplicate steps", () => {
    const p = new Pipeline([
      ["impute", new SimpleImputer()],
      ["scale", new StandardScaler()],
    ]).fit(imp.XNaN);
    const r = Pipeline.fromJSON(JSON.parse(JSON.stringify(p)));
    expect(r.transform(imp.XTest)).toEqual(p.transform(imp.XTest));
    expect(() => new Pipeline([])).toThrow(/at least one step/);
    expect(
      () =>
        new Pipeline([
          ["a", new StandardScaler()],
          ["a", new StandardScaler()],
        ]),
    ).toThrow(/two steps are named "a"/);
    expect(() => p.step("nope")).toThrow(/no step "nope"; steps are "impute", "scale"/);
  });
});
