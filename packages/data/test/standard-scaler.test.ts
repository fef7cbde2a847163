import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend, ShapeError, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { transformerFromJSON } from "../src/compose/from-json.js";
import { NotFittedError } from "../src/errors.js";
import { StandardScaler } from "../src/preprocessing/standard-scaler.js";
import { expectClose, fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("scalers.json");

describe("StandardScaler", () => {
  it("equals scikit-learn: negative values, a zero-variance column (scale 1), test data, inverse", () => {
    const s = new StandardScaler().fit(f.X);
    expectClose(s.mean, f.standard.attrs.mean);
    expectClose(s.var, f.standard.attrs.var);
    expectClose(s.scale, f.standard.attrs.scale);
    expect(s.scale![2]).toBe(1); // the constant column
    expectClose(new StandardScaler().fitTransform(f.X), f.standard.fitTransform);
    expectClose(s.transform(f.XTest), f.standard.transformTest);
    expectClose(s.inverseTransform(f.XTest), f.standard.inverseTest);
  });

  it("withMean / withStd off equal scikit-learn", () => {
    const a = new StandardScaler({ withMean: false });
    expectClose(a.fitTransform(f.X), f.standardNoMean.fitTransform);
    expectClose(a.transform(f.XTest), f.standardNoMean.transformTest);
    expectClose(a.inverseTransform(f.XTest), f.standardNoMean.inverseTest);
    const b = new StandardScaler({ withStd: false });
    expectClose(b.fitTransform(f.X), f.standardNoStd.fitTransform);
    expectClose(b.inverseTransform(f.XTest), f.standardNoStd.inverseTest);
  });

  it("ignores NaN in fit and keeps it in transform, as scikit-learn", () => {
    const s = new StandardScaler();
    expectClose(s.fitTransform(f.XNaN), f.standardNaN.fitTransform);
    expectClose(s.mean, f.standardNaN.attrs.mean);
    expectClose(s.var, f.standardNaN.attrs.var);
  });

  it("takes a 2-D float tensor and gives one back (float32 of the float64 result)", () => {
    const before = memory().numTensors;
    const x = tensor(f.X as number[][]);
    const s = new StandardScaler();
    const y = s.fitTransform(x);
    expect(y.shape).toEqual([7, 4]);
    expect(y.dtype).toBe("float32");
    expectClose(y.toArray(), f.standard.fitTransform, 1e-6);
    const back = s.inverseTransform(y);
    expectClose(back.toArray(), f.X, 1e-5);
    for (const t of [x, y, back]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("throws NotFittedError before fit, and a ShapeError naming both column counts", () => {
    expect(() => new StandardScaler().transform([[1, 2]])).toThrow(NotFittedError);
    expect(() => new StandardScaler().transform([[1, 2]])).toThrow(/not fitted yet/);
    const s = new StandardScaler().fit(f.X);
    expect(() => s.transform([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => s.transform([[1, 2, 3]])).toThrow(/3 features.*fitted on 4/);
  });

  it("rejects 1-D tensors, ragged arrays, strings and Infinity with messages", () => {
    const v = tensor([1, 2, 3]);
    expect(() => new StandardScaler().fit(v)).toThrow(/2-D input.*\[3\].*reshape/);
    v.dispose();
    expect(() => new StandardScaler().fit([[1, 2], [3]])).toThrow(/row 1 has 1 values, row 0 has 2/);
    expect(() => new StandardScaler().fit([[1], ["a" as unknown as number]])).toThrow(
      /row 1, column 0.*not a number/,
    );
    expect(() => new StandardScaler().fit([[1], [Number.POSITIVE_INFINITY]])).toThrow(/Infinity/);
    expect(() => new StandardScaler().fit([])).toThrow(/0 samples/);
  });

  it("round-trips through JSON (NaN statistics included)", () => {
    const s = new StandardScaler().fit([
      [1, Number.NaN],
      [3, Number.NaN],
    ]);
    const text = JSON.stringify(s);
    const r = StandardScaler.fromJSON(JSON.parse(text));
    expect(r.mean![0]).toBe(2);
    expect(r.mean![1]).toBeNaN();
    expect(r.nFeaturesIn).toBe(2);
    const g = transformerFromJSON(text) as StandardScaler;
    expect(g.transform([[5, 1]])).toEqual(s.transform([[5, 1]]));
    const unfitted = StandardScaler.fromJSON(JSON.stringify(new StandardScaler({ withMean: false })));
    expect(unfitted.withMean).toBe(false);
    expect(() => unfitted.transform([[1]])).toThrow(NotFittedError);
    expect(() => StandardScaler.fromJSON({ type: "MinMaxScaler" })).toThrow(
      /expected the JSON of a StandardScaler/,
    );
  });
});
