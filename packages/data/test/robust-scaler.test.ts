import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { RobustScaler } from "../src/preprocessing/robust-scaler.js";
import { expectClose, fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("scalers.json");

describe("RobustScaler", () => {
  it("equals scikit-learn (median, IQR, zero IQR → 1) on odd and even row counts", () => {
    const s = new RobustScaler().fit(f.X);
    expectClose(s.center, f.robust.attrs.center);
    expectClose(s.scale, f.robust.attrs.scale);
    expectClose(s.transform(f.XTest), f.robust.transformTest);
    expectClose(s.inverseTransform(f.XTest), f.robust.inverseTest);
    const even = new RobustScaler();
    expectClose(even.fitTransform(f.X.slice(0, 6)), f.robustEven.fitTransform);
    expectClose(even.center, f.robustEven.attrs.center);
    expectClose(even.scale, f.robustEven.attrs.scale);
  });

  it("equals scikit-learn with quantileRange [10, 90] and with NaN", () => {
    const s = new RobustScaler({ quantileRange: [10, 90] });
    expectClose(s.fitTransform(f.X), f.robustRange.fitTransform);
    expectClose(s.scale, f.robustRange.attrs.scale);
    const n = new RobustScaler();
    expectClose(n.fitTransform(f.XNaN), f.robustNaN.fitTransform);
    expectClose(n.center, f.robustNaN.attrs.center);
  });

  it("works on tensors, validates the range, round-trips through JSON", () => {
    const x = tensor(f.X as number[][]);
    const s = new RobustScaler();
    const y = s.fitTransform(x);
    expectClose(y.toArray(), f.robust.fitTransform, 1e-6);
    x.dispose();
    y.dispose();
    expect(() => new RobustScaler({ quantileRange: [80, 20] })).toThrow(/quantileRange/);
    const r = RobustScaler.fromJSON(JSON.stringify(s));
    expect(r.inverseTransform(f.XTest)).toEqual(s.inverseTransform(f.XTest));
  });
});
