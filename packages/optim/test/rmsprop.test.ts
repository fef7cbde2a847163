import { requiresGrad } from "@tensorkit/autograd";
import { tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { RMSprop } from "../src/index.js";
import { describeTrajectories, setUpBackends } from "./helpers.js";

setUpBackends();

describe("RMSprop", () => {
  describeTrajectories(["rmsprop", "rmsprop_centered_momentum_wd"]);

  it("has PyTorch's defaults and rejects bad options", () => {
    const w = requiresGrad(tensor([1]));
    expect(new RMSprop([w]).defaults).toEqual({
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
    });
    expect(() => new RMSprop([w], { alpha: 1.5 })).toThrow(
      /RMSprop: invalid alpha = 1.5; it must be in \[0, 1\]/,
    );
    expect(() => new RMSprop([w], { eps: -1 })).toThrow(/epsilon eps = -1/);
    expect(() => new RMSprop([w], { momentum: -0.5 })).toThrow(/momentum = -0.5/);
  });
});
