import { requiresGrad } from "@tensorkit/autograd";
import { tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Adagrad } from "../src/index.js";
import { describeTrajectories, setUpBackends } from "./helpers.js";

setUpBackends();

describe("Adagrad", () => {
  describeTrajectories(["adagrad", "adagrad_decay_init_wd"]);

  it("has PyTorch's defaults and rejects bad options", () => {
    const w = requiresGrad(tensor([1]));
    expect(new Adagrad([w]).defaults).toEqual({
      lr: 1e-2,
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      maximize: false,
    });
    expect(() => new Adagrad([w], { lrDecay: -1 })).toThrow(
      /Adagrad: invalid learning-rate decay lrDecay = -1/,
    );
    expect(() => new Adagrad([w], { initialAccumulatorValue: -1 })).toThrow(/initialAccumulatorValue = -1/);
  });
});
