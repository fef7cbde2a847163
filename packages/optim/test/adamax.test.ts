import { requiresGrad } from "@tensorkit/autograd";
import { tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Adamax } from "../src/index.js";
import { describeTrajectories, setUpBackends } from "./helpers.js";

setUpBackends();

describe("Adamax", () => {
  describeTrajectories(["adamax", "adamax_betas_wd_maximize"]);

  it("has PyTorch's defaults and rejects bad options", () => {
    const w = requiresGrad(tensor([1]));
    expect(new Adamax([w]).defaults).toEqual({
      lr: 2e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      maximize: false,
    });
    expect(() => new Adamax([w], { betas: [0.9, 1.2] })).toThrow(/Adamax: invalid betas\[1\] = 1.2/);
  });
});
