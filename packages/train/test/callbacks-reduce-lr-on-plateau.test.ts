import { ReduceLROnPlateau as TorchPlateau } from "@tensorkit/optim";
import { describe, expect, it } from "vitest";
import { type Callback, ReduceLROnPlateau, type Trainer } from "../src/index.js";
import { frozenTrainer, script } from "./helpers.js";

/** The learning rate after each epoch, with `values` scripted as val_loss. */
async function lrs(values: number[], options: ConstructorParameters<typeof ReduceLROnPlateau>[0], lr = 1) {
  const setup = frozenTrainer(lr);
  const seen: number[] = [];
  let trainer: Trainer | undefined;
  const recorder: Callback = {
    setTrainer: (t) => {
      trainer = t;
    },
    onEpochEnd: () => {
      seen.push(trainer!.optimizer.paramGroups[0]!.lr);
    },
  };
  const plateau = new ReduceLROnPlateau({ log: () => {}, ...options });
  await setup.trainer.fit(setup.x, setup.y, {
    epochs: values.length,
    verbose: 0,
    callbacks: [script("val_loss", values), plateau, recorder],
  });
  setup.dispose();
  return seen;
}

describe("ReduceLROnPlateau callback (Keras semantics)", () => {
  it("follows a hand-traced Keras run with cooldown and minLr", async () => {
    // patience 2, cooldown 1, factor 0.5, minLr 0.1, lr 1:
    // e0 best; e1 wait 1; e2 wait 2 → 0.5, cooldown 1; e3 cooldown ends (wait 0) then wait 1;
    // e4 wait 2 → 0.25; e5 wait 1; e6 → 0.125; e7 wait 1; e8 improves (0.5); e9 wait 1;
    // e10 wait 2 → max(0.0625, 0.1) = 0.1; e11 wait 1; e12 wait 2 but lr is at minLr: unchanged.
    const values = [1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5];
    const got = await lrs(values, { patience: 2, cooldown: 1, factor: 0.5, minLr: 0.1, minDelta: 0 });
    expect(got).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125, 0.1, 0.1, 0.1]);
  });

  it("treats minDelta as an absolute margin", async () => {
    // minDelta 0.05: 0.97 and 0.96 are not improvements on 1.0 → reduce after e2; 0.9 is (< 0.95).
    const got = await lrs([1.0, 0.97, 0.96, 0.9, 0.89, 0.88], { patience: 2, factor: 0.1, minDelta: 0.05 });
    expect(got.map((v) => +v.toPrecision(6))).toEqual([1, 1, 0.1, 0.1, 0.1, 0.01]);
  });

  it("equals PyTorch's scheduler with patience − 1 and an absolute threshold when there is no cooldown", async () => {
    // Keras reduces after `patience` bad epochs, PyTorch after `patience + 1`: otherwise the same rule.
    let s = 7;
    const values = Array.from({ length: 40 }, (_, i) => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return 1 / (1 + i / 10) + (s / 2147483648) * 0.15;
    });
    const keras = await lrs(values, { patience: 3, factor: 0.5, minDelta: 0.01, minLr: 0.01 });
    const setup = frozenTrainer(1);
    const torch = new TorchPlateau(setup.trainer.optimizer, {
      patience: 2,
      factor: 0.5,
      threshold: 0.01,
      thresholdMode: "abs",
      minLr: 0.01,
    });
    const expected = values.map((v) => {
      torch.step(v);
      return setup.trainer.optimizer.paramGroups[0]!.lr;
    });
    setup.dispose();
    expect(new Set(keras).size).toBeGreaterThan(3); // the sequence really does reduce
    expect(keras).toEqual(expected);
  });

  it("watches accuracy upwards in mode auto", async () => {
    const setup = frozenTrainer(1);
    const plateau = new ReduceLROnPlateau({ monitor: "val_accuracy", patience: 1, factor: 0.5 });
    expect(plateau.mode).toBe("max");
    await setup.trainer.fit(setup.x, setup.y, {
      epochs: 3,
      verbose: 0,
      callbacks: [script("val_accuracy", [0.5, 0.9, 0.8]), plateau],
    });
    expect(setup.trainer.optimizer.paramGroups[0]!.lr).toBe(0.5);
    setup.dispose();
  });

  it("rejects a factor outside (0, 1)", () => {
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(/factor must be in \(0, 1\)/);
    expect(() => new ReduceLROnPlateau({ cooldown: -2 })).toThrow(/cooldown/);
  });
});
