import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { NotFittedError } from "../src/errors.js";
import { OrdinalEncoder } from "../src/preprocessing/ordinal-encoder.js";
import { expectClose, fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("encoders.json");

describe("OrdinalEncoder", () => {
  it("equals scikit-learn, unknown categories as unknownValue (-1)", () => {
    const enc = new OrdinalEncoder({ handleUnknown: "useEncodedValue", unknownValue: -1 });
    expect(enc.fitTransform(f.train)).toEqual(f.ordinal.fitTransform);
    expect(enc.categories).toEqual(f.ordinal.categories);
    expect(enc.transform(f.test)).toEqual(f.ordinal.transformTest);
    expect(enc.inverseTransform(enc.transform(f.train))).toEqual(f.ordinal.inverseTrain);
    expect(enc.inverseTransform([[-1, 0, 0]])).toEqual([[null, "L", 1]]);
  });

  it("encodes missing values as NaN, as scikit-learn", () => {
    expectClose(new OrdinalEncoder().fitTransform(f.oneHotMissing.input), f.ordinalMissing.fitTransform);
  });

  it("errors: unknown category, missing unknownValue, a clashing unknownValue, not fitted", () => {
    const enc = new OrdinalEncoder().fit(f.train);
    expect(() => enc.transform(f.test)).toThrow(/unknown category "purple" in column 0 \(row 1\)/);
    expect(() => new OrdinalEncoder({ handleUnknown: "useEncodedValue" })).toThrow(/needs unknownValue/);
    expect(() =>
      new OrdinalEncoder({ handleUnknown: "useEncodedValue", unknownValue: 1 }).fit(f.train),
    ).toThrow(/unknownValue 1 is also the code/);
    expect(() => new OrdinalEncoder().transform([["a"]])).toThrow(NotFittedError);
  });

  it("takes tensors, NaN unknownValue, and round-trips through JSON", () => {
    const x = tensor([[3], [1]]);
    const y = new OrdinalEncoder().fitTransform(x);
    expect(y.toArray()).toEqual([[1], [0]]);
    x.dispose();
    y.dispose();
    const enc = new OrdinalEncoder({ handleUnknown: "useEncodedValue", unknownValue: Number.NaN }).fit(
      f.train,
    );
    const r = OrdinalEncoder.fromJSON(JSON.parse(JSON.stringify(enc)));
    expectClose(r.transform(f.test), enc.transform(f.test));
    expect(r.transform(f.test as (string | number)[][])[1]![0]).toBeNaN();
  });
});
