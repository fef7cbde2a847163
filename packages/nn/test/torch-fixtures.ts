// Shared by the recurrent-layer and loss tests: reads the torch fixtures of
// tooling/fixtures/generate_nn_rnn_losses.py and compares tensors with them.
import { readFileSync } from "node:fs";
import { requiresGrad } from "@tensorkit/autograd";
import type { DType, Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { expect } from "vitest";

/** A tensor as tooling/fixtures writes it (NaN and ±Infinity as strings, revived on load). */
export interface FixtureTensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly data: number[];
}

const cache = new Map<string, unknown>();

/** Reads `test/fixtures/<file>`. */
export function fixture<T>(file: string): T {
  let data = cache.get(file);
  if (data === undefined) {
    data = JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), "utf8"), (_k, v) =>
      v === "NaN" ? Number.NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
    );
    cache.set(file, data);
  }
  return data as T;
}

export function fromFixture(f: FixtureTensor): Tensor {
  if (f.dtype === "bool") return tk.tidy(() => tk.reshape(tk.tensor(f.data.map(Boolean)), f.shape));
  const data = f.dtype === "int32" ? Int32Array.from(f.data) : Float32Array.from(f.data);
  return tk.tensor(data, { shape: f.shape, dtype: f.dtype });
}

/** Element-wise |got − want| ≤ atol + rtol·|want|, naming the first offenders; every value must be finite where want is. */
export function expectClose(
  got: Tensor | null,
  want: FixtureTensor,
  what: string,
  rtol = 1e-5,
  atol = 1e-5,
): void {
  expect(got, `${what}: missing`).not.toBeNull();
  expect(got!.shape, `${what}: shape`).toEqual(want.shape);
  const g = Array.from(got!.dataSync() as ArrayLike<number>);
  const bad: string[] = [];
  want.data.forEach((w, i) => {
    const ok = Number.isFinite(w) ? Math.abs(g[i]! - w) <= atol + rtol * Math.abs(w) : Object.is(g[i], w);
    if (!ok && bad.length < 5) bad.push(`[${i}] expected ${w}, got ${g[i]}`);
  });
  expect(bad, `${what}: values differ (rtol ${rtol}, atol ${atol})`).toEqual([]);
}

/** Live tensors on the active backend. */
export function liveTensors(): number {
  return tk.memory().numTensors;
}

/** A case of rnn.json (see the generator's docstring). */
export interface RecurrentCase {
  readonly options: {
    mode: "RNN" | "LSTM" | "GRU";
    inputSize: number;
    hiddenSize: number;
    numLayers: number;
    bidirectional: boolean;
    batchFirst: boolean;
    bias: boolean;
    nonlinearity?: "tanh" | "relu";
  };
  readonly state_dict: Record<string, FixtureTensor>;
  readonly inputs: Record<string, FixtureTensor>;
  readonly outputs: Record<string, FixtureTensor>;
  readonly cotangents: Record<string, FixtureTensor>;
  readonly grads: Record<string, FixtureTensor>;
}

/** The cases of rnn.json for one mode. */
export function recurrentCases(mode: RecurrentCase["options"]["mode"]): [string, RecurrentCase][] {
  return Object.entries(fixture<Record<string, RecurrentCase>>("rnn.json")).filter(
    ([, c]) => c.options.mode === mode,
  );
}

/** A module with PyTorch's state-dict keys and a `run` returning `{ output, hN, cN? }`. */
export interface RecurrentUnderTest {
  loadStateDict(sd: Record<string, Tensor>): unknown;
  namedParameters(): [string, Tensor][];
  dispose(): void;
}

/**
 * Loads a case's weights with a strict loadStateDict, runs `run`, compares the outputs, then
 * backpropagates Σ output·g (as the generator did) and compares the gradients of every parameter
 * and input. Checks that nothing but the module's parameters is left alive.
 */
export function checkRecurrentCase<M extends RecurrentUnderTest>(
  c: RecurrentCase,
  module: M,
  run: (m: M, x: Tensor, inputs: Record<string, Tensor>) => Record<string, Tensor>,
): void {
  const before = liveTensors();
  const sd = Object.fromEntries(Object.entries(c.state_dict).map(([k, v]) => [k, fromFixture(v)]));
  module.loadStateDict(sd);
  for (const t of Object.values(sd)) t.dispose();
  const afterLoad = liveTensors();
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, fromFixture(v)]));
  for (const [k, t] of Object.entries(inputs)) if (k !== "lengths") requiresGrad(t);
  const outputs = run(module, inputs.x!, inputs);
  for (const [k, want] of Object.entries(c.outputs)) expectClose(outputs[k]!, want, k);
  const loss = tk.tidy(() =>
    Object.entries(c.cotangents)
      .map(([k, g]) => tk.sum(tk.mul(outputs[k]!, fromFixture(g))))
      .reduce((a, b) => tk.add(a, b)),
  );
  loss.backward();
  const params = Object.fromEntries(module.namedParameters());
  for (const [k, want] of Object.entries(c.grads)) {
    const leaf = params[k] ?? inputs[k];
    expectClose(leaf!.grad, want, `grad of ${k}`);
  }
  loss.dispose();
  for (const t of [...Object.values(outputs), ...Object.values(inputs)]) t.dispose();
  for (const p of Object.values(params)) p.grad = null;
  expect(liveTensors(), "tensors left alive").toBe(afterLoad);
  module.dispose();
  expect(liveTensors()).toBeLessThanOrEqual(before);
}

/** A case of losses.json. */
export interface LossCase {
  readonly fn: string;
  readonly options: Record<string, unknown>;
  readonly inputs: Record<string, FixtureTensor>;
  readonly cotangent?: FixtureTensor;
  readonly output: FixtureTensor;
  readonly grad: FixtureTensor;
}

/** The cases of losses.json for one function. */
export function lossCases(fn: string): [string, LossCase][] {
  return Object.entries(fixture<Record<string, LossCase>>("losses.json")).filter(([, c]) => c.fn === fn);
}

type LossFn = (input: Tensor, target: Tensor, options: never) => Tensor;

/**
 * Runs `fn(input, target, { ...options, weight?, posWeight? })` on a case, compares the loss and
 * the gradient of Σ loss·cotangent with respect to the input, checks every value is finite where
 * torch's is, and that nothing is left alive.
 */
export function checkLossCase(c: LossCase, fn: LossFn): void {
  const before = liveTensors();
  const { input: inputF, target: targetF, ...extra } = c.inputs;
  const input = requiresGrad(fromFixture(inputF!));
  const target = fromFixture(targetF!);
  const tensors = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, fromFixture(v)]));
  const out = fn(input, target, { ...c.options, ...tensors } as never);
  expectClose(out, c.output, `${c.fn} value`);
  const allFinite = (t: Tensor) => Array.from(t.dataSync() as ArrayLike<number>).every(Number.isFinite);
  if (c.output.data.every(Number.isFinite)) expect(allFinite(out), "finite loss").toBe(true);
  const cot = c.cotangent ? fromFixture(c.cotangent) : undefined;
  out.backward(cot);
  expectClose(input.grad, c.grad, `${c.fn} gradient`);
  if (c.grad.data.every(Number.isFinite)) expect(allFinite(input.grad!), "finite gradient").toBe(true);
  for (const t of [out, input, target, cot, ...Object.values(tensors)]) t?.dispose();
  expect(liveTensors(), "tensors left alive").toBe(before);
}
