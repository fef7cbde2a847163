import { requiresGrad } from "@tensorkit/autograd";
import { tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Adam, AdamW } from "../src/index.js";
import { describeTrajectories, setUpBackends } from "./helpers.js";

setUpBackends();

describe("Adam", () => {
  describeTrajectories(["adam", "adam_amsgrad_wd"]);

  it("has PyTorch's defaults", () => {
    const opt = new Adam([requiresGrad(tensor([1]))]);
    expect(opt.defaults).toEqual({
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
    });
  });

  it("rejects betas outside [0, 1), negative eps and negative lr", () => {
    const w = requiresGrad(tensor([1]));
    expect(() => new Adam([w], { betas: [1, 0.999] })).toThrow(ValueError);
    expect(() => new Adam([w], { betas: [1, 0.999] })).toThrow(
      /Adam: invalid betas\[0\] = 1; it must be in \[0, 1\)/,
    );
    expect(() => new Adam([w], { betas: [0.9, -0.1] })).toThrow(/betas\[1\] = -0.1/);
    expect(() => new Adam([w], { eps: -1e-8 })).toThrow(/invalid epsilon eps = -1e-8/);
    expect(() => new Adam([w], { lr: -1 })).toThrow(/Adam: invalid learning rate lr = -1/);
    expect(() => new Adam([w], { lr: Number.NaN })).toThrow(/lr = NaN/);
  });
});

describe("AdamW", () => {
  describeTrajectories(["adamw", "adamw_amsgrad_wd"]);

  it("defaults to decoupled weight decay 1e-2 and names itself in errors", () => {
    const w = requiresGrad(tensor([1]));
    expect(new AdamW([w]).defaults.weightDecay).toBe(1e-2);
    expect(() => new AdamW([w], { betas: [0.9, 1] })).toThrow(/AdamW: invalid betas\[1\] = 1/);
  });
});
