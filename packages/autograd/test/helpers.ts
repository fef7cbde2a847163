import { readFileSync } from "node:fs";
import { gradCheck } from "@tensorkit/autograd";
import type { DType, Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { expect } from "vitest";

/** A tensor as tooling/fixtures writes it. */
export interface FixtureTensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly data: number[];
}

/** A composite case of gradients.json: a scalar loss, its outputs, the gradient of every float input. */
export interface CompositeCase {
  readonly options?: Record<string, unknown>;
  readonly inputs: Record<string, FixtureTensor>;
  readonly loss: FixtureTensor;
  readonly outputs: Record<string, FixtureTensor>;
  readonly grads: Record<string, FixtureTensor>;
}

/**
 * The torch reference gradients (tooling/fixtures/generate_autograd.py), shared with the
 * conformance suite: read from that package's fixtures/ directory. NaN and ±Infinity are strings.
 */
export function gradientFixtures(): Record<string, CompositeCase & { op?: string }> {
  const url = new URL("../../backend-conformance/fixtures/gradients.json", import.meta.url);
  return JSON.parse(readFileSync(url, "utf8"), (_k, v) =>
    v === "NaN" ? Number.NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
  );
}

export function fromFixture(f: FixtureTensor): Tensor {
  const data = f.dtype === "int32" ? Int32Array.from(f.data) : Float32Array.from(f.data);
  return tk.tensor(data, { shape: f.shape, dtype: f.dtype });
}

/** Element-wise |got - want| <= atol + rtol·|want|, with the first offenders in the message. */
export function expectClose(
  got: Tensor | null,
  want: { shape: readonly number[]; data: readonly number[] },
  what: string,
  rtol = 1e-5,
  atol = 1e-6,
): void {
  expect(got, `${what}: missing`).not.toBeNull();
  expect(got!.shape, `${what}: shape`).toEqual(want.shape);
  const g = Array.from(got!.dataSync() as ArrayLike<number>);
  const bad: string[] = [];
  want.data.forEach((w, i) => {
    if (!(Math.abs(g[i]! - w) <= atol + rtol * Math.abs(w))) bad.push(`[${i}] expected ${w}, got ${g[i]}`);
  });
  expect(bad, `${what}: values differ (rtol ${rtol}, atol ${atol})`).toEqual([]);
}

/** PyTorch's Linear: x·Wᵀ + b with W [out, in]. */
export const linear = (x: Tensor, w: Tensor, b: Tensor) => tk.add(tk.matmul(x, w, { transposeB: true }), b);

/** -mean(logSoftmax(z)[i, t[i]]), as the fixture generator writes cross-entropy. */
export const crossEntropy = (logits: Tensor, target: Tensor) =>
  tk.neg(tk.mean(tk.gather(tk.logSoftmax(logits, 1), 1, tk.reshape(target, [-1, 1]))));

export type Model = (
  t: Record<string, Tensor>,
  options: Record<string, unknown>,
) => { loss: Tensor; outputs: Record<string, Tensor> };

const mlp =
  (act: (x: Tensor) => Tensor): Model =>
  (t) => {
    const logits = linear(act(linear(t.x!, t.w1!, t.b1!)), t.w2!, t.b2!);
    return { loss: crossEntropy(logits, t.target!), outputs: { logits } };
  };

const convnet: Model = (t, options) => {
  const y = tk.relu(
    tk.add(tk.conv2d(t.x!, t.w!, options as tk.Conv2dOptions), tk.reshape(t.cb!, [1, -1, 1, 1])),
  );
  const logits = linear(tk.flatten(tk.maxPool2d(y, { kernelSize: 2 }), 1), t.lw!, t.lb!);
  return { loss: crossEntropy(logits, t.target!), outputs: { logits } };
};

function lstmCell(x: Tensor, h: Tensor, c: Tensor, wx: Tensor, wh: Tensor, b: Tensor): [Tensor, Tensor] {
  const gates = tk.add(tk.add(tk.matmul(x, wx), tk.matmul(h, wh)), b);
  const [i, f, g, o] = tk.split(gates, h.shape[1]!, 1);
  const c2 = tk.add(tk.mul(tk.sigmoid(f!), c), tk.mul(tk.sigmoid(i!), tk.tanh(g!)));
  return [tk.mul(tk.sigmoid(o!), tk.tanh(c2)), c2];
}

const lstm: Model = (t) => {
  const [h1, c1] = lstmCell(t.x1!, t.h0!, t.c0!, t.wx!, t.wh!, t.b!);
  const [h2, c2] = lstmCell(t.x2!, h1, c1, t.wx!, t.wh!, t.b!);
  return { loss: tk.sum(h2), outputs: { h1, c1, h2, c2 } };
};

/** The composite cases of gradients.json written with tensorkit ops. */
export const MODELS: Record<string, Model> = {
  mlp_tanh: mlp(tk.tanh),
  mlp_relu: mlp(tk.relu),
  convnet,
  convnet_strided: convnet,
  lstm_two_steps: lstm,
};

/** Live tensors and storages on the active backend. */
export function liveCounts() {
  const m = tk.memory().backends[tk.getBackend().name];
  return { numTensors: m?.numTensors ?? 0, numStorages: m?.numStorages ?? 0, numBytes: m?.numBytes ?? 0 };
}

/** Flat values of a tensor. */
export const values = (t: Tensor | null): number[] => Array.from(t!.dataSync() as ArrayLike<number>);

/** Analytic gradients of f agree with float64 central differences for every input (relative error < 1e-6). */
export function expectGradients(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradCheck(f, inputs);
  report.maxRelError.forEach((e, i) => {
    expect(e, `input ${i}: worst relative error (element ${report.worstIndex[i]})`).toBeLessThan(1e-6);
  });
}
