import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { MinMaxScaler } from "../src/preprocessing/min-max-scaler.js";
import { expectClose, fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("scalers.json");

describe("MinMaxScaler", () => {
  it("equals scikit-learn on [0, 1], constant column included", () => {
    const s = new MinMaxScaler().fit(f.X);
    expectClose(s.dataMin, f.minMax.attrs.dataMin);
    expectClose(s.dataMax, f.minMax.attrs.dataMax);
    expectClose(s.scale, f.minMax.attrs.scale);
    expectClose(s.min, f.minMax.attrs.min);
    expectClose(new MinMaxScaler().fitTransform(f.X), f.minMax.fitTransform);
    expectClose(s.transform(f.XTest), f.minMax.transformTest);
    expectClose(s.inverseTransform(f.XTest), f.minMax.inverseTest);
  });

  it("equals scikit-learn with featureRange [-1, 1] and with clip", () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] });
    expectClose(s.fitTransform(f.X), f.minMaxRange.fitTransform);
    expectClose(s.transform(f.XTest), f.minMaxRange.transformTest);
    expectClose(s.inverseTransform(f.XTest), f.minMaxRange.inverseTest);
    const c = new MinMaxScaler({ clip: true }).fit(f.X);
    expectClose(c.transform(f.XTest), f.minMaxClip.transformTest);
  });

  it("works on tensors, rejects a bad range, and round-trips through JSON", () => {
    const x = tensor(f.X as number[][]);
    const s = new MinMaxScaler();
    const y = s.fitTransform(x);
    expectClose(y.toArray(), f.minMax.fitTransform, 1e-6);
    x.dispose();
    y.dispose();
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(/lo < hi.*\[1, 0\]/);
    const r = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(r.transform(f.XTest)).toEqual(s.transform(f.XTest));
  });
});
