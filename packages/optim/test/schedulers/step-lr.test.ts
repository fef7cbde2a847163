import { describe } from "vitest";
import { describeTrajectories, setUpBackends } from "../helpers.js";

setUpBackends();

describe("StepLR, MultiStepLR, ExponentialLR", () => {
  describeTrajectories(["step_lr", "multistep_lr", "exponential_lr"]);
});

import { requiresGrad } from "@tensorkit/autograd";
import { tensor } from "@tensorkit/tensor";
import { expect, it } from "vitest";
import { SGD, StepLR } from "../../src/index.js";

describe("StepLR options and state", () => {
  it("rejects a non-positive stepSize", () => {
    const opt = new SGD([requiresGrad(tensor([1]))], { lr: 0.1 });
    expect(() => new StepLR(opt, { stepSize: 0 })).toThrow(/StepLR: stepSize must be an integer ≥ 1; got 0/);
  });

  it("stateDict → a new scheduler → loadStateDict continues the schedule", () => {
    const mk = () => new SGD([requiresGrad(tensor([1]))], { lr: 1 });
    const a = mk();
    const sa = new StepLR(a, { stepSize: 3, gamma: 0.5 });
    for (let i = 0; i < 4; i++) sa.step();
    const b = mk();
    const sb = new StepLR(b, { stepSize: 3, gamma: 0.5 });
    b.paramGroups[0]!.lr = a.paramGroups[0]!.lr;
    sb.loadStateDict(JSON.parse(JSON.stringify(sa.stateDict())));
    for (let i = 0; i < 5; i++) {
      sa.step();
      sb.step();
      expect(sb.getLastLr()).toEqual(sa.getLastLr());
    }
    expect(sa.getLastLr()).toEqual([0.125]); // epochs 3, 6, 9: three halvings
  });
});
