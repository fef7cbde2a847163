import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { ColumnTransformer } from "../src/compose/column-transformer.js";
import { transformerFromJSON } from "../src/compose/from-json.js";
import { Pipeline } from "../src/compose/pipeline.js";
import { readCsv } from "../src/csv.js";
import { NotFittedError } from "../src/errors.js";
import { OneHotEncoder } from "../src/preprocessing/one-hot-encoder.js";
import { SimpleImputer } from "../src/preprocessing/simple-imputer.js";
import { StandardScaler } from "../src/preprocessing/standard-scaler.js";
import { expectClose, fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("compose.json");
const table = readCsv(f.csv);

function titanic(): ColumnTransformer {
  return new ColumnTransformer([
    [
      "num",
      new Pipeline([
        ["impute", new SimpleImputer({ strategy: "median" })],
        ["scale", new StandardScaler()],
      ]),
      ["age", "fare"],
    ],
    [
      "cat",
      new Pipeline([
        ["impute", new SimpleImputer({ strategy: "mostFrequent" })],
        ["onehot", new OneHotEncoder({ handleUnknown: "ignore" })],
      ]),
      ["sex", "embarked"],
    ],
  ]);
}

describe("ColumnTransformer", () => {
  it("equals scikit-learn's ColumnTransformer on the same CSV (imputer+scaler, imputer+one-hot)", () => {
    const before = memory().numTensors;
    const ct = titanic();
    const x = ct.fitTransform(table);
    expect(x.shape).toEqual([8, 7]);
    expect(x.dtype).toBe("float32");
    expectClose(x.toArray(), f.drop.output, 1e-6);
    expect(ct.getFeatureNamesOut()).toEqual(f.drop.featureNames);
    x.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("remainder 'passthrough' appends the other numeric columns, as scikit-learn", () => {
    const ct = new ColumnTransformer([["cat", new OneHotEncoder(), ["sex"]]], { remainder: "passthrough" });
    const x = ct.fitTransform(table.select(["fare", "sex", "survived"]));
    expectClose(x.toArray(), f.passthrough.output, 1e-6);
    expect(ct.getFeatureNamesOut()).toEqual(f.passthrough.featureNames);
    x.dispose();
  });

  it("round-trips through JSON and gives the same features", () => {
    const ct = titanic();
    ct.fit(table);
    const restored = transformerFromJSON(JSON.stringify(ct)) as ColumnTransformer;
    const a = ct.transform(table);
    const b = restored.transform(table);
    expect(b.toArray()).toEqual(a.toArray());
    expect(restored.getFeatureNamesOut()).toEqual(f.drop.featureNames);
    a.dispose();
    b.dispose();
  });

  it("errors: not fitted, a missing column, a categorical passthrough, non-numeric output", () => {
    expect(() => titanic().transform(table)).toThrow(NotFittedError);
    expect(() => new ColumnTransformer([["n", new StandardScaler(), ["height"]]]).fit(table)).toThrow(
      /entry "n" names column "height", which the table does not have/,
    );
    expect(() => new ColumnTransformer([], { remainder: "passthrough" }).fit(table)).toThrow(
      /passes column "sex" through, but it is categorical/,
    );
    expect(() =>
      new ColumnTransformer([["i", new SimpleImputer({ strategy: "mostFrequent" }), ["sex"]]]).fit(table),
    ).toThrow(/the output of "i" is not numeric/);
    expect(
      () =>
        new ColumnTransformer([
          ["a", "drop", []],
          ["a", "drop", []],
        ]),
    ).toThrow(/two entries are named "a"/);
  });
});
