import { describe, expect, it } from "vitest";
import { type Callback, LearningRateScheduler, type Trainer } from "../src/index.js";
import { frozenTrainer } from "./helpers.js";

describe("LearningRateScheduler", () => {
  it("reproduces Keras' documentation example: 0.01 decayed by e^-0.1 from epoch 10 is 0.00607 after 15 epochs", async () => {
    const setup = frozenTrainer(0.01);
    const schedule = new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
    await setup.trainer.fit(setup.x, setup.y, { epochs: 15, verbose: 0, callbacks: [schedule] });
    const lr = setup.trainer.optimizer.paramGroups[0]!.lr;
    setup.dispose();
    expect(Math.round(lr * 1e5) / 1e5).toBe(0.00607);
    expect(lr).toBeCloseTo(0.01 * Math.exp(-0.5), 12);
  });

  it("sets the rate before each epoch's first batch", async () => {
    const setup = frozenTrainer(1);
    const seen: number[] = [];
    let trainer: Trainer | undefined;
    const probe: Callback = {
      setTrainer: (t) => {
        trainer = t;
      },
      onBatchBegin: () => {
        seen.push(trainer!.optimizer.paramGroups[0]!.lr);
      },
    };
    const schedule = new LearningRateScheduler((epoch) => [0.1, 0.01, 0.001][epoch]!);
    await setup.trainer.fit(setup.x, setup.y, {
      epochs: 3,
      verbose: 0,
      batchSize: 4,
      callbacks: [schedule, probe],
    });
    setup.dispose();
    expect(seen).toEqual([0.1, 0.01, 0.001]);
  });

  it("rejects a schedule that returns something other than a rate", async () => {
    const setup = frozenTrainer(1);
    const bad = new LearningRateScheduler(() => Number.NaN);
    await expect(
      setup.trainer.fit(setup.x, setup.y, { epochs: 1, verbose: 0, callbacks: [bad] }),
    ).rejects.toThrow(/returned NaN for epoch 0/);
    setup.dispose();
  });
});
