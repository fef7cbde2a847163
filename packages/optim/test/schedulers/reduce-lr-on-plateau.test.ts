import { describe } from "vitest";
import { describeTrajectories, setUpBackends } from "../helpers.js";

setUpBackends();

describe("ReduceLROnPlateau", () => {
  describeTrajectories(["plateau_min_rel", "plateau_max_abs"]);
});

import { requiresGrad } from "@tensorkit/autograd";
import { tensor } from "@tensorkit/tensor";
import { expect, it } from "vitest";
import { ReduceLROnPlateau, SGD } from "../../src/index.js";

describe("ReduceLROnPlateau options", () => {
  it("rejects factor ≥ 1, unknown modes and a wrong number of minLr values", () => {
    const opt = new SGD([requiresGrad(tensor([1]))], { lr: 0.1 });
    expect(() => new ReduceLROnPlateau(opt, { factor: 1 })).toThrow(/factor must be < 1; got 1/);
    expect(() => new ReduceLROnPlateau(opt, { mode: "up" as never })).toThrow(/mode must be "min" or "max"/);
    expect(() => new ReduceLROnPlateau(opt, { minLr: [0, 0] })).toThrow(/expected 1 minLr values/);
  });

  it("stateDict survives JSON (best = Infinity before the first step)", () => {
    const opt = new SGD([requiresGrad(tensor([1]))], { lr: 0.1 });
    const s = new ReduceLROnPlateau(opt, { patience: 0 });
    const t = new ReduceLROnPlateau(opt, { patience: 0 });
    t.loadStateDict(JSON.parse(JSON.stringify(s.stateDict())));
    expect(t.best).toBe(Number.POSITIVE_INFINITY);
    s.step(1);
    s.step(2);
    expect(s.getLastLr()[0]).toBeCloseTo(0.01, 12);
  });
});
