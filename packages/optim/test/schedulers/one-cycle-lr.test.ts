import { describe } from "vitest";
import { describeTrajectories, setUpBackends } from "../helpers.js";

setUpBackends();

describe("OneCycleLR", () => {
  describeTrajectories(["one_cycle_cos_sgd", "one_cycle_linear_three_phase_adam"]);
});

import { requiresGrad } from "@tensorkit/autograd";
import { tensor } from "@tensorkit/tensor";
import { expect, it } from "vitest";
import { Adagrad, OneCycleLR } from "../../src/index.js";

describe("OneCycleLR checks", () => {
  it("needs a length and an optimiser with momentum or betas", () => {
    const opt = new Adagrad([requiresGrad(tensor([1]))]);
    expect(() => new OneCycleLR(opt, { maxLr: 0.1 })).toThrow(
      /give either totalSteps, or epochs and stepsPerEpoch/,
    );
    expect(() => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10 })).toThrow(
      /cycleMomentum needs an optimiser with momentum or betas \(Adagrad has neither\)/,
    );
    const s = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 2, cycleMomentum: false });
    s.step();
    s.step();
    expect(() => s.step()).toThrow(/tried to step 3 times; the schedule has 2 total steps/);
  });
});
