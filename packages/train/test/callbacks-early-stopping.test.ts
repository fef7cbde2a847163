import { memory } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { EarlyStopping } from "../src/index.js";
import { frozenTrainer, script, weightOf } from "./helpers.js";

/** Fits for `epochs` with val_loss (or `key`) scripted; returns the epochs run, the final weight and the callback. */
async function run(
  values: number[],
  options: ConstructorParameters<typeof EarlyStopping>[0],
  key = "val_loss",
) {
  const before = memory().numTensors;
  const setup = frozenTrainer();
  const stop = new EarlyStopping({ log: () => {}, ...options, monitor: key });
  const history = await setup.trainer.fit(setup.x, setup.y, {
    epochs: values.length,
    verbose: 0,
    callbacks: [script(key, values), stop],
  });
  const weight = weightOf(setup.trainer);
  setup.dispose();
  expect(memory().numTensors).toBe(before); // the best-weight copies were freed
  return { epochs: history.epoch.length, weight, stop };
}

describe("EarlyStopping (Keras 3 semantics, traced by hand)", () => {
  it("stops when `patience` epochs pass without improvement and restores the best epoch's weights", async () => {
    // best 1.0 (e0), 0.8 (e1), wait 1 (e2), best 0.7 (e3), wait 1, 2, 3 (e4–e6) → stop at e6.
    const losses = [1.0, 0.8, 0.85, 0.7, 0.75, 0.72, 0.71, 0.9, 0.6];
    const r = await run(losses, { patience: 3, restoreBestWeights: true });
    expect(r.epochs).toBe(7);
    expect(r.stop.stoppedEpoch).toBe(6);
    expect(r.stop.bestEpoch).toBe(3);
    expect(r.stop.best).toBe(0.7);
    expect(r.weight).toBe(3); // the script set the weights to 3 at the end of epoch 3
  });

  it("keeps the last weights without restoreBestWeights", async () => {
    const r = await run([1.0, 0.8, 0.85, 0.7, 0.75, 0.72, 0.71, 0.9], { patience: 3 });
    expect(r.epochs).toBe(7);
    expect(r.weight).toBe(6);
  });

  it("counts only improvements larger than minDelta", async () => {
    const losses = [1.0, 0.95, 0.85, 0.84, 0.83, 0.5];
    // Without minDelta every epoch improves: all 6 run.
    expect((await run(losses, { patience: 2 })).epochs).toBe(6);
    // minDelta 0.1: e1 (0.95 + 0.1 ≥ 1.0) waits 1; e2 improves (0.95 < 1.0); e3, e4 wait 1, 2 → stop at e4.
    const r = await run(losses, { patience: 2, minDelta: 0.1, restoreBestWeights: true });
    expect(r.epochs).toBe(5);
    expect(r.stop.stoppedEpoch).toBe(4);
    expect(r.weight).toBe(2);
    // Its sign does not matter (Keras takes the absolute value).
    expect((await run(losses, { patience: 2, minDelta: -0.1 })).epochs).toBe(5);
  });

  it("does not reset the wait until the baseline is beaten", async () => {
    const losses = [1.0, 0.95, 0.96, 0.97];
    // No baseline: e0, e1 improve; e2, e3 wait 1, 2 → stop at e3.
    expect((await run(losses, { patience: 2 })).stop.stoppedEpoch).toBe(3);
    // Baseline 0.9: improvements at e0, e1 keep the wait growing (1, 2); e2 waits 3 → stop at e2.
    const r = await run(losses, { patience: 2, baseline: 0.9 });
    expect(r.stop.stoppedEpoch).toBe(2);
    expect(r.epochs).toBe(3);
  });

  it("ignores the epochs before startFromEpoch", async () => {
    const losses = [1, 5, 4, 3, 3.5, 3.6];
    expect((await run(losses, { patience: 1 })).stop.stoppedEpoch).toBe(1);
    const r = await run(losses, { patience: 1, startFromEpoch: 1, restoreBestWeights: true });
    expect(r.stop.stoppedEpoch).toBe(4);
    expect(r.weight).toBe(3);
  });

  it("watches accuracy upwards in mode auto", async () => {
    const r = await run(
      [0.5, 0.6, 0.55, 0.58, 0.9],
      { patience: 2, restoreBestWeights: true },
      "val_accuracy",
    );
    expect(r.stop.mode).toBe("max");
    expect(r.stop.stoppedEpoch).toBe(3);
    expect(r.weight).toBe(1);
  });

  it("restores the best weights when training runs out of epochs without stopping (as Keras 3)", async () => {
    const r = await run([3, 1, 2], { patience: 5, restoreBestWeights: true });
    expect(r.epochs).toBe(3);
    expect(r.stop.stoppedEpoch).toBe(0);
    expect(r.weight).toBe(1);
  });

  it("never stops at the first epoch, even with patience 0", async () => {
    const r = await run([1, 2, 3], { patience: 0 });
    expect(r.stop.stoppedEpoch).toBe(1);
    expect(r.epochs).toBe(2);
  });

  it("warns once, naming the keys there are, when the monitored metric is missing", async () => {
    const setup = frozenTrainer();
    const warnings: string[] = [];
    const stop = new EarlyStopping({ monitor: "val_loss", patience: 0, log: (l) => warnings.push(l) });
    const history = await setup.trainer.fit(setup.x, setup.y, { epochs: 3, verbose: 0, callbacks: [stop] });
    setup.dispose();
    expect(history.epoch).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"val_loss" is not in the logs (available: loss)');
  });

  it("rejects bad options by name", () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(/patience must be an integer ≥ 0, got -1/);
    expect(() => new EarlyStopping({ patience: 1.5 })).toThrow(/patience/);
    expect(() => new EarlyStopping({ mode: "up" as "min" })).toThrow(/mode must be/);
    expect(() => new EarlyStopping({ baseline: Number.NaN })).toThrow(/baseline/);
  });
});
