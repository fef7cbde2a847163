import { grad, requiresGrad, zeroGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import type { Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { crossEntropy, linear, liveCounts } from "./helpers.js";

tk.registerBackend("cpu", createCpuBackend);
await tk.setBackend("cpu");

/** A 3→4→2 MLP with cross-entropy on a batch of 3. */
function smallMlp() {
  const params = [
    requiresGrad(
      tk.tensor([
        [0.1, -0.2, 0.3],
        [0.4, 0.5, -0.6],
        [-0.7, 0.8, 0.9],
        [0.15, -0.25, 0.35],
      ]),
    ),
    requiresGrad(tk.tensor([0.01, -0.02, 0.03, 0.04])),
    requiresGrad(
      tk.tensor([
        [0.2, -0.1, 0.05, 0.3],
        [-0.3, 0.25, 0.1, -0.2],
      ]),
    ),
    requiresGrad(tk.tensor([0.05, -0.05])),
  ] as [Tensor, Tensor, Tensor, Tensor];
  const x = tk.tensor([
    [1, 2, 3],
    [-1, 0.5, 2],
    [0.3, -0.2, 0.1],
  ]);
  const target = tk.tensor([0, 1, 1], "int32");
  const loss = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) =>
    crossEntropy(linear(tk.tanh(linear(x, w1, b1)), w2, b2), target);
  const dispose = () => {
    for (const t of [...params, x, target]) t.dispose();
  };
  return { params, loss, dispose };
}

describe("memory", () => {
  it("10,000 iterations of forward + backward + zeroGrad keep memory() flat", { timeout: 120_000 }, () => {
    const { params, loss, dispose } = smallMlp();
    const step = () => {
      tk.tidy(() => loss(...params).backward());
      zeroGrad(params);
    };
    step();
    const base = liveCounts();
    for (let i = 1; i <= 10_000; i++) {
      step();
      if (i % 1000 === 0) expect(liveCounts(), `after ${i} iterations`).toEqual(base);
    }
    dispose();
  });

  it("gradients accumulated over many steps hold one tensor per parameter", () => {
    const { params, loss, dispose } = smallMlp();
    const base = liveCounts();
    for (let i = 0; i < 100; i++) tk.tidy(() => loss(...params).backward());
    expect(liveCounts().numTensors - base.numTensors).toBe(params.length);
    zeroGrad(params);
    expect(liveCounts()).toEqual(base);
    dispose();
  });

  it("1,000 calls of grad() inside tidy keep memory() flat", () => {
    const { params, loss, dispose } = smallMlp();
    const g = grad(loss);
    // tidy would keep what its function returns: the gradients are dropped inside it
    const call = () => {
      g(...params);
    };
    tk.tidy(call);
    const base = liveCounts();
    for (let i = 0; i < 1000; i++) tk.tidy(call);
    expect(liveCounts()).toEqual(base);
    for (const p of params) expect(p.grad).toBeNull();
    dispose();
  });

  it("a graph built but never backpropagated, then disposed, leaves nothing", () => {
    const { params, loss, dispose } = smallMlp();
    const base = liveCounts();
    const l = tk.tidy(() => loss(...params));
    l.dispose();
    expect(liveCounts()).toEqual(base);
    dispose();
  });

  it("disposing a leaf frees its .grad", () => {
    const w = requiresGrad(tk.tensor([1, 2, 3]));
    const base = liveCounts();
    tk.tidy(() => tk.sum(tk.square(w)).backward());
    expect(liveCounts().numTensors).toBe(base.numTensors + 1);
    w.dispose();
    expect(liveCounts().numTensors).toBe(base.numTensors - 1);
  });

  it("a failed backward (a second pass without retainGraph) leaves nothing behind", () => {
    const w = requiresGrad(tk.tensor([1, 2, 3]));
    const base = liveCounts();
    tk.tidy(() => {
      const l = tk.sum(tk.exp(w));
      l.backward();
      expect(() => l.backward()).toThrow(/retainGraph/);
    });
    expect(liveCounts().numTensors).toBe(base.numTensors + 1); // w.grad
    w.dispose();
  });
});
