import {
  type Tensor as TfTensor,
  getBackend as tfBackend,
  getKernel as tfKernel,
} from "@tensorflow/tfjs-core";
import type { LayersModel, Sequential as TfSequential } from "@tensorflow/tfjs-layers";
import { noGrad } from "@tensorkit/autograd";
import { mnist, xor } from "@tensorkit/datasets";
import { conv2d, dense, flatten, type LayerSpec, maxPooling2d, sequential } from "@tensorkit/nn";
import type { Tensor as TkTensor } from "@tensorkit/tensor";
import { compile, type LossName } from "@tensorkit/train";
import { sizeOf } from "../data.js";
import type { Case, Input, Tensorkit, Tfjs, Workload } from "../workload.js";
import { permute } from "./layout.js";

// Keras-style training, end to end: tensorkit's `compile(model, …).fit(x, y, …)` against
// TensorFlow.js's `model.compile(…)` + `model.fit(x, y, …)` (tfjs-layers), on the same data, the
// same initial weights, the same batch size and the same number of epochs, both with Adam
// (lr 1e-3, betas 0.9/0.999, eps 1e-7: TensorFlow.js's defaults) and the `accuracy` metric.
//
// A run is a whole training from scratch: it resets the weights to the initial ones, compiles
// with a fresh optimiser, fits, and returns the last epoch's loss and accuracy as `fit` reported
// them (numbers, so read back). After the last round, teardown measures the trained model's
// accuracy on held-out data (not timed) and the workload's description shows both accuracies of
// each target, so a fast run that does not learn is visible.

type Activation = "relu" | "sigmoid" | "softmax";
type Layer =
  | { readonly kind: "dense"; readonly units: number; readonly activation: Activation }
  | {
      readonly kind: "conv";
      readonly filters: number;
      readonly kernel: number;
      readonly activation: Activation;
    }
  | { readonly kind: "pool"; readonly size: number }
  | { readonly kind: "flatten" };

/** Samples as raw arrays (tensorkit's layout: NCHW images), made once and shared by every target. */
interface Samples {
  readonly n: number;
  /** `[n, ...sampleShape]`, row-major. */
  readonly x: Float32Array;
  /** Class indices (0/1 for a binary task). */
  readonly labels: Int32Array;
}

interface FitSpec {
  readonly name: string;
  readonly description: string;
  /** One sample's shape in tensorkit's layout (`[1, 28, 28]` for an image, `[784]` for a vector). */
  readonly sampleShape: readonly number[];
  readonly layers: readonly Layer[];
  readonly loss: "binaryCrossentropy" | "sparseCategoricalCrossentropy";
  readonly epochs: number;
  readonly batchSize: number;
  readonly trainSize: number;
  readonly quick: boolean;
  /** Training samples (`trainSize` of them) and held-out samples for the accuracy after training. */
  readonly data: () => Promise<{ train: Samples; test: Samples }>;
  /** What the held-out samples are, for the description. */
  readonly heldOut: string;
  /**
   * TensorFlow.js kernels the training needs beyond the dense ones (conv gradients): a tfjs
   * backend without one of them is left out of the workload (tfjs-wasm 4.22 has no
   * Conv2DBackpropFilter, so it cannot train a CNN).
   */
  readonly tfjsKernels?: readonly string[];
}

const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-7 };
/** Held-out predictions are made this many samples at a time (not timed). */
const EVAL_BATCH = 500;

// --- parameters -----------------------------------------------------------------------------

/** A layer's weight (tensorkit's layout) and what TensorFlow.js needs to lay it out its own way. */
interface WeightInfo {
  /** `[out, in]` (Linear) or `[O, I, kH, kW]` (Conv2d). */
  readonly shape: readonly number[];
  readonly fanIn: number;
  readonly fanOut: number;
  /** Converts tensorkit's weight into TensorFlow.js's kernel (`[in, out]`, HWIO). */
  readonly toTfjs: (w: Float32Array) => { data: Float32Array; shape: number[] };
}

/**
 * Walks the layers from the sample shape and lists each weight. A Dense after a Flatten of a
 * `[C, H, W]` map sees features in (c, h, w) order in tensorkit and (h, w, c) in TensorFlow.js
 * (NHWC), so its kernel rows are permuted to compute the same function.
 */
function weightsOf(spec: FitSpec): WeightInfo[] {
  let shape = [...spec.sampleShape];
  let features: number[] = [...shape]; // the feature axes a Dense reads, in tensorkit's order
  const out: WeightInfo[] = [];
  for (const layer of spec.layers) {
    switch (layer.kind) {
      case "conv": {
        const [c, h, w] = shape as [number, number, number];
        const k = layer.kernel;
        const o = layer.filters;
        out.push({
          shape: [o, c, k, k],
          fanIn: c * k * k,
          fanOut: o * k * k,
          toTfjs: (data) => ({ data: permute(data, [o, c, k, k], [2, 3, 1, 0]), shape: [k, k, c, o] }),
        });
        shape = [o, h - k + 1, w - k + 1];
        break;
      }
      case "pool": {
        const [c, h, w] = shape as [number, number, number];
        shape = [c, Math.floor(h / layer.size), Math.floor(w / layer.size)];
        break;
      }
      case "flatten":
        features = [...shape];
        shape = [sizeOf(shape)];
        break;
      case "dense": {
        const inSize = sizeOf(shape);
        const units = layer.units;
        const f = features.length === 3 ? features : [inSize];
        out.push({
          shape: [units, inSize],
          fanIn: inSize,
          fanOut: units,
          // [out, C, H, W] → [H, W, C, out]; [out, in] → [in, out].
          toTfjs: (data) => ({
            data: permute(data, [units, ...f], f.length === 3 ? [2, 3, 1, 0] : [1, 0]),
            shape: [inSize, units],
          }),
        });
        shape = [units];
        features = [units];
        break;
      }
    }
  }
  return out;
}

/**
 * The initial weights: the harness's seeded N(0, 1) inputs scaled to Glorot's variance
 * 2 / (fanIn + fanOut) (that of Keras' default glorot_uniform); biases start at zero (Keras'
 * default). The same numbers for both libraries.
 */
function initialWeights(spec: FitSpec, inputs: readonly Input[]): Float32Array[] {
  return weightsOf(spec).map((info, i) => {
    const scale = Math.sqrt(2 / (info.fanIn + info.fanOut));
    return inputs[i]!.data.map((v) => v * scale);
  });
}

// --- accuracy, shown in the description -------------------------------------------------------

/** Per workload, per target: the accuracy fit reported for its last epoch and the held-out one. */
const accuracies = new Map<string, Map<string, { fit: number; heldOut: number }>>();

function record(workload: string, target: string, fit: number, heldOut: number): void {
  let byTarget = accuracies.get(workload);
  if (!byTarget) accuracies.set(workload, (byTarget = new Map()));
  byTarget.set(target, { fit, heldOut });
}

/** Per workload: the targets left out, and why. */
const leftOut = new Map<string, Set<string>>();

function accuracyText(workload: string, heldOutName: string): string {
  const byTarget = accuracies.get(workload);
  const skipped = leftOut.get(workload);
  let text = "";
  if (byTarget && byTarget.size > 0) {
    const parts = [...byTarget].map(([t, a]) => `${t} ${a.fit.toFixed(3)}/${a.heldOut.toFixed(3)}`);
    text += `; accuracy (fit's last epoch / ${heldOutName}): ${parts.join(", ")}`;
  }
  if (skipped && skipped.size > 0) text += `; not run: ${[...skipped].join(", ")}`;
  return text;
}

/** Share of samples whose prediction (probabilities, one row per sample) gives their label. */
function accuracyOf(probabilities: ArrayLike<number>, labels: Int32Array): number {
  const k = probabilities.length / labels.length;
  let right = 0;
  for (let s = 0; s < labels.length; s++) {
    let predicted: number;
    if (k === 1) predicted = probabilities[s]! > 0.5 ? 1 : 0;
    else {
      predicted = 0;
      for (let j = 1; j < k; j++)
        if (probabilities[s * k + j]! > probabilities[s * k + predicted]!) predicted = j;
    }
    if (predicted === labels[s]) right++;
  }
  return labels.length > 0 ? right / labels.length : Number.NaN;
}

// --- tensorkit ------------------------------------------------------------------------------

function tensorkitModel(spec: FitSpec) {
  const specs: LayerSpec[] = spec.layers.map((layer, i) => {
    const first = i === 0 ? { inputShape: spec.sampleShape } : {};
    if (layer.kind === "dense") return dense(layer.units, { activation: layer.activation, ...first });
    if (layer.kind === "conv")
      return conv2d(layer.filters, layer.kernel, { activation: layer.activation, ...first });
    if (layer.kind === "pool") return maxPooling2d(layer.size, first);
    return flatten(first);
  });
  return sequential(specs);
}

async function tensorkitCase(spec: FitSpec, tk: Tensorkit, inputs: readonly Input[]): Promise<Case> {
  const { train, test } = await spec.data();
  const target = `tensorkit-${tk.getBackend().name}`;
  const weights = initialWeights(spec, inputs);
  const model = tensorkitModel(spec);
  const params = model.parameters();
  const shapes = weightsOf(spec).flatMap((w) => [w.shape, [w.shape[0]!]]);
  if (params.length !== shapes.length || params.some((p, i) => p.shape.join() !== shapes[i]!.join()))
    throw new Error(`${spec.name}: tensorkit's parameters are not the expected [weight, bias] pairs`);
  // Weights, then zero biases, in the parameters' order.
  const init: TkTensor[] = shapes.map((shape, i) =>
    i % 2 === 0 ? tk.tensor(weights[i / 2]!, { shape }) : tk.zeros(shape),
  );
  const x = tk.tensor(train.x, { shape: [train.n, ...spec.sampleShape] });
  const y =
    spec.loss === "binaryCrossentropy"
      ? tk.tensor(Float32Array.from(train.labels), { shape: [train.n, 1] })
      : tk.tensor(train.labels, { shape: [train.n] });
  const loss: LossName = spec.loss;
  let fitAccuracy = Number.NaN;
  return {
    async run() {
      noGrad(() => {
        params.forEach((p, i) => {
          p.assign(init[i]!);
        });
      });
      const trainer = compile(model, {
        optimizer: { name: "adam", lr: ADAM.lr, betas: [ADAM.beta1, ADAM.beta2], eps: ADAM.eps },
        loss,
        metrics: ["accuracy"],
      });
      try {
        const history = await trainer.fit(x, y, {
          epochs: spec.epochs,
          batchSize: spec.batchSize,
          shuffle: true,
          verbose: 0,
          seed: 0,
        });
        fitAccuracy = history.last("accuracy") ?? Number.NaN;
        return Float64Array.of(history.last("loss") ?? Number.NaN, fitAccuracy);
      } finally {
        trainer.optimizer.dispose();
      }
    },
    teardown() {
      try {
        model.eval();
        const probabilities = new Float32Array(test.n * outputsOf(spec));
        for (let start = 0; start < test.n; start += EVAL_BATCH) {
          const end = Math.min(test.n, start + EVAL_BATCH);
          const chunk = noGrad(() =>
            tk.tidy(() =>
              model
                .call(
                  tk.tensor(test.x.subarray(start * sampleSize(spec), end * sampleSize(spec)), {
                    shape: [end - start, ...spec.sampleShape],
                  }),
                )
                .dataSync(),
            ),
          );
          probabilities.set(chunk, start * outputsOf(spec));
        }
        record(spec.name, target, fitAccuracy, accuracyOf(probabilities, test.labels));
      } finally {
        model.dispose();
        for (const t of [...init, x, y]) t.dispose();
      }
    },
  };
}

// --- TensorFlow.js ------------------------------------------------------------------------------

type Tfl = typeof import("@tensorflow/tfjs-layers");
let tflPromise: Promise<Tfl> | undefined;
/** tfjs-layers (its CommonJS build, which shares the bench's tfjs-core), loaded on first use. */
function loadTfl(): Promise<Tfl> {
  tflPromise ??= import("@tensorflow/tfjs-layers").then(
    (m) => ((m as { default?: Tfl }).default ?? m) as Tfl,
  );
  return tflPromise;
}

/** One sample's shape in TensorFlow.js's layout (NHWC for images). */
function tfjsSampleShape(spec: FitSpec): number[] {
  const s = spec.sampleShape;
  return s.length === 3 ? [s[1]!, s[2]!, s[0]!] : [...s];
}

/** Samples' x in TensorFlow.js's layout: NCHW → NHWC for images (done once, not timed). */
function tfjsX(spec: FitSpec, samples: Samples): Float32Array {
  const s = spec.sampleShape;
  return s.length === 3 ? permute(samples.x, [samples.n, ...s], [0, 2, 3, 1]) : samples.x;
}

function tfjsModel(spec: FitSpec, tfl: Tfl): TfSequential {
  const model = tfl.sequential();
  spec.layers.forEach((layer, i) => {
    const first = i === 0 ? { inputShape: tfjsSampleShape(spec) } : {};
    switch (layer.kind) {
      case "dense":
        model.add(tfl.layers.dense({ units: layer.units, activation: layer.activation, ...first }));
        break;
      case "conv":
        model.add(
          tfl.layers.conv2d({
            filters: layer.filters,
            kernelSize: layer.kernel,
            activation: layer.activation,
            ...first,
          }),
        );
        break;
      case "pool":
        model.add(tfl.layers.maxPooling2d({ poolSize: layer.size, ...first }));
        break;
      case "flatten":
        model.add(tfl.layers.flatten(first));
        break;
    }
  });
  return model;
}

async function tfjsCase(spec: FitSpec, tf: Tfjs, inputs: readonly Input[]): Promise<Case> {
  const { train, test } = await spec.data();
  const tfl = await loadTfl();
  const target = `tfjs-${tf.getBackend()}`;
  const infos = weightsOf(spec);
  const weights = initialWeights(spec, inputs);
  const model: LayersModel = tfjsModel(spec, tfl);
  const init: TfTensor[] = infos.flatMap((info, i) => {
    const kernel = info.toTfjs(weights[i]!);
    return [tf.tensor(kernel.data, kernel.shape, "float32"), tf.zeros([info.shape[0]!])];
  });
  const current = model.getWeights();
  if (current.length !== init.length || current.some((w, i) => w.shape.join() !== init[i]!.shape.join())) {
    model.dispose();
    for (const t of init) t.dispose();
    throw new Error(`${spec.name}: tfjs's weights are not the expected [kernel, bias] pairs`);
  }
  const x = tf.tensor(tfjsX(spec, train), [train.n, ...tfjsSampleShape(spec)], "float32");
  // Keras' sparse categorical cross-entropy takes labels [n, 1]; binary targets are [n, 1] too.
  const y = tf.tensor(Float32Array.from(train.labels), [train.n, 1], "float32");
  const xTest = tfjsX(spec, test);
  let fitAccuracy = Number.NaN;
  return {
    async run() {
      model.setWeights(init);
      // A fresh optimiser per run (its moments start at zero), disposed after: compile does not
      // dispose an optimiser it was given.
      const optimizer = tf.train.adam(ADAM.lr, ADAM.beta1, ADAM.beta2, ADAM.eps);
      model.compile({ optimizer, loss: spec.loss, metrics: ["accuracy"] });
      try {
        const history = await model.fit(x, y, {
          epochs: spec.epochs,
          batchSize: spec.batchSize,
          shuffle: true,
          verbose: 0,
        });
        const last = (key: string) => Number(history.history[key]?.at(-1) ?? Number.NaN);
        fitAccuracy = last("acc");
        return Float64Array.of(last("loss"), fitAccuracy);
      } finally {
        optimizer.dispose();
      }
    },
    teardown() {
      try {
        const probabilities = new Float32Array(test.n * outputsOf(spec));
        const shape = tfjsSampleShape(spec);
        for (let start = 0; start < test.n; start += EVAL_BATCH) {
          const end = Math.min(test.n, start + EVAL_BATCH);
          const chunk = tf.tidy(() => {
            const xb = tf.tensor(xTest.subarray(start * sampleSize(spec), end * sampleSize(spec)), [
              end - start,
              ...shape,
            ]);
            return (model.predict(xb) as TfTensor).dataSync();
          });
          probabilities.set(chunk, start * outputsOf(spec));
        }
        record(spec.name, target, fitAccuracy, accuracyOf(probabilities, test.labels));
      } finally {
        model.dispose();
        for (const t of [...init, x, y]) t.dispose();
      }
    },
  };
}

function sampleSize(spec: FitSpec): number {
  return sizeOf(spec.sampleShape);
}

function outputsOf(spec: FitSpec): number {
  const last = spec.layers[spec.layers.length - 1];
  return last?.kind === "dense" ? last.units : 1;
}

// --- data -----------------------------------------------------------------------------------

const loaded = new Map<string, Promise<Samples>>();

/** A data set's raw arrays, loaded once per process (the tensors it came as are disposed). */
function samples(key: string, load: () => Promise<{ x: TkTensor; y: TkTensor; dispose(): void }>) {
  let pending = loaded.get(key);
  if (!pending) {
    pending = load().then((bundle) => {
      try {
        const x = Float32Array.from(bundle.x.dataSync());
        const labels = Int32Array.from(bundle.y.dataSync());
        return { n: labels.length, x, labels };
      } finally {
        bundle.dispose();
      }
    });
    loaded.set(key, pending);
  }
  return pending;
}

async function xorData(): Promise<{ train: Samples; test: Samples }> {
  const points = await samples("xor", async () => xor());
  return { train: points, test: points };
}

async function mnistData(size: number, testSize: number): Promise<{ train: Samples; test: Samples }> {
  const [train, test] = await Promise.all([
    samples(`mnist train ${size}`, () => mnist({ split: "train", size })),
    samples(`mnist test ${testSize}`, () => mnist({ split: "test", size: testSize })),
  ]);
  return { train, test };
}

// --- workloads ------------------------------------------------------------------------------

function fitWorkload(spec: FitSpec): Workload {
  // A cast: `tfjs` is a getter that may give undefined (which exactOptionalPropertyTypes only
  // lets an absent property be); the harness treats both alike.
  return {
    name: spec.name,
    get description() {
      return spec.description + accuracyText(spec.name, spec.heldOut);
    },
    unit: "samples/s",
    work: spec.trainSize * spec.epochs,
    // The weights' initial values (seeded N(0, 1), scaled in setup); biases start at zero.
    inputs: weightsOf(spec).map((w) => w.shape),
    quick: spec.quick,
    // Different shuffles (and summation orders) make the trained weights differ: no comparison;
    // the accuracies in the description are the check that both learn.
    tolerance: null,
    tensorkit: (tk, inputs) => tensorkitCase(spec, tk, inputs),
    // Read by the harness right after it made the target's backend the active one: a tfjs
    // backend that lacks a kernel the training needs gets no setup (no row) instead of an error.
    get tfjs() {
      const backend = tfBackend();
      const missing = (spec.tfjsKernels ?? []).filter((k) => !tfKernel(k, backend));
      if (missing.length > 0) {
        let set = leftOut.get(spec.name);
        if (!set) leftOut.set(spec.name, (set = new Set()));
        set.add(`tfjs-${backend} (no ${missing.join(", ")} kernel)`);
        return undefined;
      }
      return (tf: Tfjs, inputs: readonly Input[]) => tfjsCase(spec, tf, inputs);
    },
  } as Workload;
}

/** The seed's Keras XOR network: Dense 4 relu, Dense 1 sigmoid, on the 4 points, batch 4. */
function fitXor(epochs: number): Workload {
  return fitWorkload({
    name: `fit xor ${epochs} epochs`,
    description: `the seed's Keras XOR net (Dense 4 relu, Dense 1 sigmoid), Adam, binary cross-entropy, batch 4, ${epochs} epochs on the 4 points`,
    sampleShape: [2],
    layers: [
      { kind: "dense", units: 4, activation: "relu" },
      { kind: "dense", units: 1, activation: "sigmoid" },
    ],
    loss: "binaryCrossentropy",
    epochs,
    batchSize: 4,
    trainSize: 4,
    quick: epochs <= 100,
    data: xorData,
    heldOut: "the 4 points after training",
  });
}

/** A 784-128-64-10 MLP on flattened MNIST digits, one epoch, batch 64. */
function fitMlp(trainSize: number, quick: boolean): Workload {
  return fitWorkload({
    name: `fit mlp mnist ${trainSize}`,
    description: `784-128-64-10 relu MLP (softmax out), Adam 1e-3, sparse categorical cross-entropy, batch 64, 1 epoch on ${trainSize} MNIST digits (flattened)`,
    sampleShape: [784],
    layers: [
      { kind: "dense", units: 128, activation: "relu" },
      { kind: "dense", units: 64, activation: "relu" },
      { kind: "dense", units: 10, activation: "softmax" },
    ],
    loss: "sparseCategoricalCrossentropy",
    epochs: 1,
    batchSize: 64,
    trainSize,
    quick,
    // [n, 1, 28, 28] and [n, 784] are the same row-major numbers.
    data: () => mnistData(trainSize, 2000),
    heldOut: "2,000 test digits",
  });
}

/** A small CNN on MNIST digits (NCHW here, NHWC in TensorFlow.js), one epoch, batch 64. */
function fitCnn(trainSize: number, quick: boolean): Workload {
  return fitWorkload({
    name: `fit cnn mnist ${trainSize}`,
    description: `conv 8@3x3 relu, maxpool 2, conv 16@3x3 relu, maxpool 2, flatten, dense 10 softmax; Adam 1e-3, sparse categorical cross-entropy, batch 64, 1 epoch on ${trainSize} MNIST digits`,
    sampleShape: [1, 28, 28],
    layers: [
      { kind: "conv", filters: 8, kernel: 3, activation: "relu" },
      { kind: "pool", size: 2 },
      { kind: "conv", filters: 16, kernel: 3, activation: "relu" },
      { kind: "pool", size: 2 },
      { kind: "flatten" },
      { kind: "dense", units: 10, activation: "softmax" },
    ],
    loss: "sparseCategoricalCrossentropy",
    epochs: 1,
    batchSize: 64,
    trainSize,
    quick,
    // 500 test digits: TensorFlow.js's cpu convolutions make a larger evaluation slow.
    data: () => mnistData(trainSize, 500),
    heldOut: "500 test digits",
    tfjsKernels: ["Conv2DBackpropFilter", "Conv2DBackpropInput", "MaxPoolGrad"],
  });
}

/**
 * Keras-style `fit`, tensorkit against tfjs-layers: a smaller size of each in `--quick`, the
 * full one otherwise.
 */
export const fitWorkloads: readonly Workload[] = [
  fitXor(100),
  fitXor(1000),
  fitMlp(512, true),
  fitMlp(8000, false),
  fitCnn(64, true),
  fitCnn(512, false),
];
