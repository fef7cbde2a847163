import { createCpuBackend } from "@tensorkit/backend-cpu";
import { mnist } from "@tensorkit/datasets";
import { crossEntropy, Linear, ReLU, Sequential } from "@tensorkit/nn";
import { Adam } from "@tensorkit/optim";
import * as tk from "@tensorkit/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend } from "../src/index.js";

// A whole training run as the cross-backend check: the 784-128-64-10 MNIST MLP, same seed, same
// batches, 100 Adam steps on backend-cpu and on backend-wasm. Every kernel of the step runs on
// each backend's own code (wasm's gemm, fused Adam, gather, …), so float32 rounding differs in
// the order of sums only, and the two loss curves must stay within 1e-3 of each other.

const STEPS = 100;
const BATCH = 64;

/** The per-step training losses of the MLP on the active backend. */
async function lossCurve(x: Float32Array, y: Int32Array): Promise<number[]> {
  tk.manualSeed(1234);
  const model = new Sequential(
    new Linear(784, 128),
    new ReLU(),
    new Linear(128, 64),
    new ReLU(),
    new Linear(64, 10),
  );
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const from = step * BATCH;
    opt.zeroGrad();
    const loss = tk.tidy(() => {
      const xb = tk.tensor(x.subarray(from * 784, (from + BATCH) * 784), { shape: [BATCH, 784] });
      const yb = tk.tensor(y.subarray(from, from + BATCH), { shape: [BATCH] });
      const l = crossEntropy(model.call(xb), yb);
      l.backward();
      return Number(l.item());
    });
    opt.step();
    losses.push(loss);
  }
  opt.dispose();
  model.dispose();
  return losses;
}

describe("backend-wasm and backend-cpu train the MNIST MLP alike", () => {
  let x: Float32Array;
  let y: Int32Array;
  beforeAll(async () => {
    tk.registerBackend("cpu", createCpuBackend);
    tk.registerBackend("wasm", createWasmBackend);
    await tk.setBackend("cpu");
    const data = await mnist({ split: "train", size: STEPS * BATCH });
    x = data.x.dataSync() as Float32Array;
    y = data.y.dataSync() as Int32Array;
    data.x.dispose();
    data.y.dispose();
  });
  afterAll(async () => {
    await tk.setBackend("cpu");
  });

  it(`loss curves agree within 1e-3 over ${STEPS} Adam steps with the same seed`, async () => {
    await tk.setBackend("cpu");
    const cpu = await lossCurve(x, y);
    await tk.setBackend("wasm");
    const wasm = await lossCurve(x, y);
    // the run really trains: ln(10) ≈ 2.30 at the start, well below it after 100 steps
    expect(cpu[0]).toBeGreaterThan(2);
    expect(cpu[STEPS - 1]).toBeLessThan(1);
    const worst = wasm.reduce((m, l, i) => Math.max(m, Math.abs(l - cpu[i]!)), 0);
    expect(worst, `largest |wasm - cpu| loss difference over ${STEPS} steps`).toBeLessThanOrEqual(1e-3);
    // and it is not the same backend twice: wasm's float32 sums round in another order
    expect(wasm.some((l, i) => l !== cpu[i])).toBe(true);
  }, 120_000); // 100 steps on backend-cpu take seconds, more on a busy machine
});
