// Shared by the layer tests: reads tooling/fixtures/generate_nn_layers.py's output, builds the
// tensorkit layer a case names, loads torch's weights into it and compares.
import { readFileSync } from "node:fs";
import { requiresGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { type DType, registerBackend, type Tensor, tensor } from "@tensorkit/tensor";
import { expect } from "vitest";
import { BatchNorm1d, BatchNorm2d } from "../src/layers/batchnorm.js";
import { Conv1d, Conv2d } from "../src/layers/conv.js";
import { Embedding } from "../src/layers/embedding.js";
import { Flatten, Identity } from "../src/layers/flatten.js";
import { LayerNorm } from "../src/layers/layernorm.js";
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from "../src/layers/pooling.js";
import type { Module } from "../src/module.js";

registerBackend("cpu", createCpuBackend);

/** A tensor as tooling/fixtures writes it (NaN and ±Infinity already revived). */
export interface FixtureTensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly data: number[];
}

/** One case of layers.json (see the generator's docstring). */
export interface LayerCase {
  readonly layer: string;
  readonly args: unknown[];
  readonly options: Record<string, unknown>;
  readonly state: Record<string, FixtureTensor>;
  readonly inputs: FixtureTensor[];
  readonly cotangent: FixtureTensor;
  readonly output: FixtureTensor;
  readonly grads: Record<string, FixtureTensor>;
  readonly buffers?: Record<string, FixtureTensor>;
  readonly evalInput?: FixtureTensor;
  readonly evalOutput?: FixtureTensor;
}

function readJson<T>(name: string): T {
  const url = new URL(`./fixtures/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8"), (_k, v) =>
    v === "NaN" ? Number.NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
  ) as T;
}

let cache: Record<string, LayerCase> | undefined;

/** The cases of layers.json whose name starts with `prefix`. */
export function layerCases(prefix: string): [string, LayerCase][] {
  cache ??= readJson<Record<string, LayerCase>>("layers.json");
  const found = Object.entries(cache).filter(([name]) => name.startsWith(prefix));
  if (found.length === 0) throw new Error(`no fixture case starts with '${prefix}'`);
  return found;
}

/** cnn.json, beside cnn.safetensors. */
export function cnnFixture(): {
  keys: string[];
  input: FixtureTensor;
  evalOutput: FixtureTensor;
  trainOutput: FixtureTensor;
  buffersAfterTrainCall: Record<string, FixtureTensor>;
} {
  return readJson("cnn.json");
}

/** The bytes of a fixture file. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
}

export function fromFixture(f: FixtureTensor): Tensor {
  const data = f.dtype === "int32" ? Int32Array.from(f.data) : Float32Array.from(f.data);
  return tensor(data, { shape: f.shape, dtype: f.dtype });
}

/** Element-wise |got - want| ≤ atol + rtol·|want|, listing the first offenders. */
export function expectClose(got: Tensor | null, want: FixtureTensor, what: string, tol = 1e-5): void {
  expect(got, `${what}: missing`).not.toBeNull();
  expect(got!.shape, `${what}: shape`).toEqual(want.shape);
  const g = Array.from(got!.dataSync() as ArrayLike<number>);
  const bad: string[] = [];
  want.data.forEach((w, i) => {
    if (!(Math.abs(g[i]! - w) <= tol + tol * Math.abs(w))) bad.push(`[${i}] expected ${w}, got ${g[i]}`);
  });
  expect(bad.slice(0, 8), `${what}: values differ (tolerance ${tol})`).toEqual([]);
}

// biome-ignore lint/suspicious/noExplicitAny: constructors of differing signatures, driven by the fixture
type AnyLayer = new (...args: any[]) => Module;

const LAYERS: Record<string, AnyLayer> = {
  Conv1d,
  Conv2d,
  MaxPool2d,
  AvgPool2d,
  AdaptiveAvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  LayerNorm,
  Embedding,
  Flatten,
  Identity,
};

/** The tensorkit layer a case names, with the case's constructor arguments. */
export function makeLayer(c: LayerCase): Module {
  const Layer = LAYERS[c.layer];
  if (!Layer) throw new Error(`no layer '${c.layer}'`);
  return Object.keys(c.options).length > 0 ? new Layer(...c.args, c.options) : new Layer(...c.args);
}

/** Builds the case's layer, loads torch's state strictly and calls it on every input in training mode. */
function runTraining(c: LayerCase): { layer: Module; x: Tensor; y: Tensor } {
  const layer = makeLayer(c);
  const state = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromFixture(v)]));
  layer.loadStateDict(state, { strict: true });
  const inputs = c.inputs.map(fromFixture);
  const x = inputs[inputs.length - 1]!;
  if (x.dtype !== "int32") requiresGrad(x);
  let y: Tensor | undefined;
  for (const input of inputs) y = layer.call(input);
  return { layer, x, y: y! };
}

/**
 * The forward half of a case: torch's state loaded strictly, every input called in training
 * mode; checks the output, the buffers after, and one call in evaluation mode.
 */
export function checkForward(name: string, c: LayerCase): void {
  const { layer, y } = runTraining(c);
  expectClose(y, c.output, `${name}: output`);
  const buffers = Object.fromEntries(layer.namedBuffers());
  for (const [key, want] of Object.entries(c.buffers ?? {})) {
    expectClose(buffers[key] ?? null, want, `${name}: buffer ${key}`);
  }
  if (c.evalInput && c.evalOutput) {
    layer.eval();
    expectClose(layer.call(fromFixture(c.evalInput)), c.evalOutput, `${name}: evaluation output`);
  }
  layer.dispose();
}

/** The backward half: the last output backpropagated with the cotangent; checks the input's and every parameter's gradient. */
export function checkGradients(name: string, c: LayerCase): void {
  const { layer, x, y } = runTraining(c);
  y.backward(fromFixture(c.cotangent));
  const params = Object.fromEntries(layer.namedParameters());
  expect(Object.keys(c.grads).sort()).toEqual(
    [...(x.dtype === "int32" ? [] : ["input"]), ...Object.keys(params)].sort(),
  );
  for (const [key, want] of Object.entries(c.grads)) {
    expectClose(key === "input" ? x.grad : (params[key]?.grad ?? null), want, `${name}: gradient of ${key}`);
  }
  layer.dispose();
}

/** Both halves, as two tests each. */
export function describeCases(
  cases: [string, LayerCase][],
  it: (name: string, fn: () => void) => void,
): void {
  for (const [name, c] of cases) {
    it(`${name}: output equals torch's${c.buffers ? " (and running statistics, and evaluation mode)" : ""}`, () =>
      checkForward(name, c));
    it(`${name}: gradients of ${Object.keys(c.grads).join(", ")} equal torch's`, () =>
      checkGradients(name, c));
  }
}
