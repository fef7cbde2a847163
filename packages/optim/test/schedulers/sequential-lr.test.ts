import { describe } from "vitest";
import { describeTrajectories, setUpBackends } from "../helpers.js";

setUpBackends();

describe("SequentialLR (linear warm-up, then cosine)", () => {
  describeTrajectories(["warmup_cosine"]);
});

import { requiresGrad } from "@tensorkit/autograd";
import { tensor } from "@tensorkit/tensor";
import { expect, it } from "vitest";
import { ExponentialLR, LinearLR, SequentialLR, SGD } from "../../src/index.js";

describe("SequentialLR checks", () => {
  it("needs one milestone fewer than schedulers", () => {
    const opt = new SGD([requiresGrad(tensor([1]))], { lr: 0.1 });
    const a = new LinearLR(opt);
    const b = new ExponentialLR(opt, { gamma: 0.9 });
    expect(() => new SequentialLR(opt, { schedulers: [a, b], milestones: [] })).toThrow(
      /one milestone fewer than schedulers; got 2 schedulers and 0 milestones/,
    );
  });
});
