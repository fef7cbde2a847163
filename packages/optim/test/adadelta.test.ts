import { requiresGrad } from "@tensorkit/autograd";
import { tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Adadelta } from "../src/index.js";
import { describeTrajectories, setUpBackends } from "./helpers.js";

setUpBackends();

describe("Adadelta", () => {
  describeTrajectories(["adadelta", "adadelta_rho_wd"]);

  it("has PyTorch's defaults and rejects bad options", () => {
    const w = requiresGrad(tensor([1]));
    expect(new Adadelta([w]).defaults).toEqual({
      lr: 1,
      rho: 0.9,
      eps: 1e-6,
      weightDecay: 0,
      maximize: false,
    });
    expect(() => new Adadelta([w], { rho: 2 })).toThrow(/Adadelta: invalid rho = 2; it must be in \[0, 1\]/);
    expect(() => new Adadelta([w], { eps: -1 })).toThrow(/epsilon eps = -1/);
  });
});
