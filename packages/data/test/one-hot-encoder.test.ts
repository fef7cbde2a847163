import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { OneHotEncoder } from "../src/preprocessing/one-hot-encoder.js";
import { fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("encoders.json");

describe("OneHotEncoder", () => {
  it("sorts categories as scikit-learn (strings by code point, numbers numerically: 9 < 10)", () => {
    const enc = new OneHotEncoder({ handleUnknown: "ignore" }).fit(f.train);
    expect(enc.categories).toEqual(f.oneHot.categories);
    expect(enc.transform(f.train)).toEqual(f.oneHot.fitTransform);
    expect(enc.getFeatureNamesOut(["color", "size", "n"])).toEqual(f.oneHot.featureNames);
    expect(enc.getFeatureNamesOut()).toEqual(f.oneHot.featureNamesDefault);
  });

  it("encodes unknown categories as zeros with handleUnknown 'ignore', as scikit-learn", () => {
    const enc = new OneHotEncoder({ handleUnknown: "ignore" }).fit(f.train);
    expect(enc.transform(f.test)).toEqual(f.oneHot.transformTest);
    expect(enc.inverseTransform(enc.transform(f.test))).toEqual(f.oneHot.inverseTest);
  });

  it("throws on an unknown category by default, naming it, its column and row", () => {
    const enc = new OneHotEncoder().fit(f.train);
    expect(() => enc.transform(f.test)).toThrow(ValueError);
    expect(() => enc.transform(f.test)).toThrow(/unknown category "purple" in column 0 \(row 1\)/);
  });

  it("drop 'first' and 'if_binary' equal scikit-learn", () => {
    const first = new OneHotEncoder({ drop: "first" });
    expect(first.fitTransform(f.train)).toEqual(f.oneHotDropFirst.fitTransform);
    expect(first.getFeatureNamesOut()).toEqual(f.oneHotDropFirst.featureNames);
    expect(first.inverseTransform(first.transform(f.train))).toEqual(f.train);
    const bin = new OneHotEncoder({ drop: "if_binary" });
    expect(bin.fitTransform(f.oneHotIfBinary.input)).toEqual(f.oneHotIfBinary.fitTransform);
    expect(bin.getFeatureNamesOut()).toEqual(f.oneHotIfBinary.featureNames);
  });

  it("treats a missing value as its own category, placed last, as scikit-learn", () => {
    const enc = new OneHotEncoder();
    expect(enc.fitTransform(f.oneHotMissing.input)).toEqual(f.oneHotMissing.fitTransform);
    expect(enc.getFeatureNamesOut()).toEqual(f.oneHotMissing.featureNames);
    expect(enc.transform([[Number.NaN]])).toEqual([[0, 0, 1]]); // NaN and null are the same category
  });

  it("takes given categories, tensors; errors on mixed kinds and column mismatch; round-trips JSON", () => {
    const enc = new OneHotEncoder({ categories: [["S", "M", "L"]] });
    expect(enc.fitTransform([["L"], ["S"]])).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(() => new OneHotEncoder({ categories: [["S"]] }).fit([["L"]])).toThrow(
      /unknown category "L" in column 0 \(row 0\) during fit/,
    );
    const x = tensor([[2], [0], [2]]);
    const y = new OneHotEncoder().fitTransform(x);
    expect(y.toArray()).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    x.dispose();
    y.dispose();
    expect(() => new OneHotEncoder().fit([[1], ["a"]])).toThrow(/mixes numbers and strings/);
    const fitted = new OneHotEncoder({ handleUnknown: "ignore", drop: "first" }).fit(f.train);
    expect(() => fitted.transform([["red"]])).toThrow(ShapeError);
    const r = OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(fitted)));
    expect(r.transform(f.test)).toEqual(fitted.transform(f.test));
    const m = OneHotEncoder.fromJSON(JSON.stringify(new OneHotEncoder().fit(f.oneHotMissing.input)));
    expect(m.categories).toEqual([["a", "b", null]]);
  });
});
