import { createCpuBackend } from "@tensorkit/backend-cpu";
import { dense, sequential } from "@tensorkit/nn";
import { listBackends, manualSeed, memory, registerBackend, tensor, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { DeviceSum } from "../src/device-sum.js";
import { type Callback, compile } from "../src/index.js";

if (!listBackends().some((b) => b.name === "cpu")) registerBackend("cpu", createCpuBackend);

describe("DeviceSum", () => {
  it("sums value·weight on the device, reads once, and leaves nothing alive", () => {
    const before = memory().numTensors;
    const s = new DeviceSum();
    // added inside tidy scopes, as fit does, and outside
    tidy(() => s.add(tensor(1.5), 4));
    tidy(() => s.add(tensor(2.5), 4));
    s.add(
      tidy(() => tensor(3)),
      2,
    ); // a different weight
    expect(memory().numTensors).toBe(before + 3); // the sums per weight, plus the caller's tensor
    expect(s.total()).toBe((1.5 + 2.5) * 4 + 3 * 2);
    expect(s.total()).toBe(22); // reading again changes nothing
    s.add(tensor(1), 1);
    expect(s.total()).toBe(23);
    s.reset();
    expect(s.total()).toBe(0);
  });
});

describe("fit's epoch loss", () => {
  it("summed on the device equals the mean of the batch losses read one by one", async () => {
    const run = async (callbacks: Callback[]) => {
      manualSeed(4);
      const x = tensor(Array.from({ length: 20 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]));
      const y = tensor(Array.from({ length: 20 }, (_, i) => [i % 3 === 0 ? 1 : 0]));
      const model = sequential([
        dense(3, { activation: "tanh", inputShape: [2] }),
        dense(1, { activation: "sigmoid" }),
      ]);
      const trainer = compile(model, {
        optimizer: "adam",
        loss: "binaryCrossentropy",
        metrics: ["accuracy"],
      });
      // batches of 8, 8 and 4: two weights in the device sum
      const history = await trainer.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks });
      model.dispose();
      trainer.optimizer.dispose();
      x.dispose();
      y.dispose();
      return history.history;
    };
    const batches: { loss: number; size: number }[][] = [[], [], []];
    let epoch = 0;
    const reader: Callback = {
      onEpochBegin(e) {
        epoch = e;
      },
      onBatchEnd(_b, logs) {
        batches[epoch]!.push({ loss: logs.loss!, size: logs.size! });
      },
    };
    const read = await run([reader]);
    const device = await run([]);
    const means = batches.map((bs) => bs.reduce((a, b) => a + b.loss * b.size, 0) / 20);
    expect(batches.map((bs) => bs.map((b) => b.size))).toEqual([
      [8, 8, 4],
      [8, 8, 4],
      [8, 8, 4],
    ]);
    means.forEach((m, i) => {
      expect(read.loss![i]).toBeCloseTo(m, 12);
      expect(device.loss![i]).toBeCloseTo(m, 6);
    });
    expect(device.accuracy).toEqual(read.accuracy);
  });
});
