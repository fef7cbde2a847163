import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { NotFittedError } from "../src/errors.js";
import { SimpleImputer } from "../src/preprocessing/simple-imputer.js";
import { expectClose, fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("imputers.json");
const strategies = [
  ["mean", "mean"],
  ["median", "median"],
  ["mostFrequent", "most_frequent"],
] as const;

describe("SimpleImputer", () => {
  for (const [ours, theirs] of strategies)
    it(`${ours} equals scikit-learn's ${theirs} (NaN as missing, new data)`, () => {
      const imp = new SimpleImputer({ strategy: ours });
      expectClose(imp.fitTransform(f.XNaN), f[theirs].fitTransform);
      expectClose(imp.statistics, f[theirs].statistics);
      expectClose(imp.transform(f.XTest), f[theirs].transformTest);
    });

  for (const [ours, theirs] of strategies)
    it(`${ours}: ties (most frequent → the smallest) and an all-missing column dropped, as scikit-learn`, () => {
      const imp = new SimpleImputer({ strategy: ours });
      expectClose(imp.fitTransform(f.XTies), f[`${theirs}_ties`].fitTransform);
      expectClose(imp.statistics, f[`${theirs}_ties`].statistics);
      expect(imp.getFeatureNamesOut()).toEqual(["x0", "x1", "x2"]);
      const keep = new SimpleImputer({ strategy: ours, keepEmptyFeatures: true });
      expectClose(keep.fitTransform(f.XTies), f[`${theirs}_ties`].fitTransformKeepEmpty);
    });

  it("constant equals scikit-learn", () => {
    expectClose(
      new SimpleImputer({ strategy: "constant", fillValue: -7.5 }).fitTransform(f.XTies),
      f.constant.fitTransform,
    );
  });

  it("mostFrequent and constant on strings equal scikit-learn (null is missing; ties → the smallest)", () => {
    const imp = new SimpleImputer({ strategy: "mostFrequent" });
    expect(imp.fitTransform(f.strings.input)).toEqual(f.strings.fitTransform);
    expect(imp.statistics).toEqual(f.strings.statistics);
    expect(new SimpleImputer({ strategy: "constant" }).fitTransform(f.strings.input)).toEqual(
      f.strings.constant,
    );
  });

  it("mean of strings, transform before fit and a column mismatch are errors that say so", () => {
    expect(() => new SimpleImputer().fit([["a"], ["b"]])).toThrow(/needs numbers, but column 0 holds "a"/);
    expect(() => new SimpleImputer().transform([[1]])).toThrow(NotFittedError);
    const imp = new SimpleImputer().fit([[1, 2]]);
    expect(() => imp.transform([[1]])).toThrow(ShapeError);
    expect(() => imp.transform([[1]])).toThrow(/1 features.*fitted on 2/);
  });

  it("takes tensors, a custom placeholder, and round-trips through JSON", () => {
    const x = tensor(f.XNaN as number[][]);
    const imp = new SimpleImputer({ strategy: "median" });
    const y = imp.fitTransform(x);
    expectClose(y.toArray(), f.median.fitTransform, 1e-6);
    x.dispose();
    y.dispose();
    expect(new SimpleImputer({ missingValues: -1 }).fitTransform([[-1], [2], [4]])).toEqual([[3], [2], [4]]);
    const r = SimpleImputer.fromJSON(
      JSON.parse(JSON.stringify(new SimpleImputer({ strategy: "mostFrequent" }).fit(f.XTies))),
    );
    expectClose(r.transform(f.XTies), f.most_frequent_ties.fitTransform);
  });
});
