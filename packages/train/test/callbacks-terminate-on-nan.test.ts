import { dense, mseLoss, sequential } from "@tensorkit/nn";
import { mul, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { compile, TerminateOnNaN } from "../src/index.js";
import "./helpers.js";

describe("TerminateOnNaN", () => {
  it("stops at the first batch whose loss is NaN, without running the next batch", async () => {
    let calls = 0;
    const model = sequential([dense(1, { inputShape: [1] })]);
    const trainer = compile(model, {
      optimizer: "sgd",
      // The 7th batch (epoch 1, batch 2 with 4 batches per epoch) returns NaN.
      loss: (p, y) => (++calls === 7 ? mul(mseLoss(p, y), Number.NaN) : mseLoss(p, y)),
    });
    const x = tensor([[1], [2], [3], [4], [5], [6], [7], [8]]);
    const y = tensor([[1], [2], [3], [4], [5], [6], [7], [8]]);
    const lines: string[] = [];
    const guard = new TerminateOnNaN({ log: (l) => lines.push(l) });
    const history = await trainer.fit(x, y, { epochs: 5, batchSize: 2, verbose: 0, callbacks: [guard] });
    expect(calls).toBe(7);
    expect(guard.terminatedAt).toEqual({ epoch: 1, batch: 2 });
    expect(history.epoch).toEqual([0, 1]);
    expect(Number.isNaN(history.history.loss![1])).toBe(true);
    expect(lines).toEqual(["Epoch 2, batch 2: invalid loss (NaN), terminating training"]);
    model.dispose();
    trainer.optimizer.dispose();
    x.dispose();
    y.dispose();
  });

  it("also stops on an infinite loss, and leaves finite runs alone", async () => {
    const guard = new TerminateOnNaN({ log: () => {} });
    const stopped = { stopTraining: false } as unknown as Parameters<TerminateOnNaN["setTrainer"]>[0];
    guard.setTrainer(stopped);
    guard.onTrainBegin();
    guard.onBatchEnd(0, { loss: 0.5, size: 2 });
    expect(stopped.stopTraining).toBe(false);
    guard.onBatchEnd(1, { loss: Number.POSITIVE_INFINITY, size: 2 });
    expect(stopped.stopTraining).toBe(true);
    expect(guard.terminatedAt).toEqual({ epoch: 0, batch: 1 });
  });
});
