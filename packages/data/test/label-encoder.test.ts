import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { NotFittedError } from "../src/errors.js";
import { LabelEncoder } from "../src/preprocessing/label-encoder.js";
import { fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("encoders.json");

describe("LabelEncoder", () => {
  it("equals scikit-learn on strings and numbers (sorted classes)", () => {
    const le = new LabelEncoder().fit(["paris", "tokyo", "amsterdam", "paris", "berlin"]);
    expect(le.classes).toEqual(f.label.classes);
    expect(le.transform(["tokyo", "paris", "berlin"])).toEqual(f.label.transform);
    const num = new LabelEncoder().fit([10, 9, 2, 10, 100]);
    expect(num.classes).toEqual(f.labelNumeric.classes);
    expect(num.transform([100, 2, 9, 10])).toEqual(f.labelNumeric.transform);
    expect(le.inverseTransform(f.label.transform)).toEqual(["tokyo", "paris", "berlin"]);
  });

  it("gives an int32 tensor for a tensor input", () => {
    const y = tensor([5, 3, 5]);
    const codes = new LabelEncoder().fitTransform(y);
    expect(codes.dtype).toBe("int32");
    expect(codes.toArray()).toEqual([1, 0, 1]);
    y.dispose();
    codes.dispose();
  });

  it("names unseen labels, refuses missing labels and bad codes, round-trips JSON", () => {
    const le = new LabelEncoder().fit(["a", "b"]);
    expect(() => le.transform(["c", "a", "d"])).toThrow(/previously unseen labels: "c", "d"/);
    expect(() => new LabelEncoder().fit(["a", null as unknown as string])).toThrow(/position 1/);
    expect(() => le.inverseTransform([2])).toThrow(/code 2 at position 0/);
    expect(() => new LabelEncoder().transform(["a"])).toThrow(NotFittedError);
    expect(LabelEncoder.fromJSON(JSON.stringify(le)).transform(["b"])).toEqual([1]);
  });
});
