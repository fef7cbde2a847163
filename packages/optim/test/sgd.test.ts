import { requiresGrad } from "@tensorkit/autograd";
import { tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { SGD } from "../src/index.js";
import { describeTrajectories, setUpBackends } from "./helpers.js";

setUpBackends();

describe("SGD", () => {
  describeTrajectories(["sgd_plain", "sgd_momentum_nesterov_wd", "sgd_dampening_maximize"]);

  it("has PyTorch's defaults", () => {
    const opt = new SGD([requiresGrad(tensor([1]))]);
    expect(opt.defaults).toEqual({
      lr: 1e-3,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
    });
  });

  it("rejects bad options with the option's name", () => {
    const w = requiresGrad(tensor([1]));
    expect(() => new SGD([w], { lr: -0.1 })).toThrow(ValueError);
    expect(() => new SGD([w], { lr: -0.1 })).toThrow(/invalid learning rate lr = -0.1/);
    expect(() => new SGD([w], { momentum: -1 })).toThrow(/momentum = -1/);
    expect(() => new SGD([w], { weightDecay: -1 })).toThrow(/weight decay weightDecay = -1/);
    expect(() => new SGD([w], { nesterov: true })).toThrow(
      /Nesterov momentum requires a momentum > 0 and zero dampening/,
    );
    expect(() => new SGD([w], { nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(/dampening 0.1/);
  });
});
