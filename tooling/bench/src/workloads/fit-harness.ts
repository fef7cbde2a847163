import {
  type Tensor as TfTensor,
  getBackend as tfBackend,
  getKernel as tfKernel,
} from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import { noGrad } from "@tensorkit/autograd";
import type { SequentialModel } from "@tensorkit/nn";
import type { Tensor as TkTensor } from "@tensorkit/tensor";
import { compile, type LossName } from "@tensorkit/train";
import { sizeOf } from "../data.js";
import type { Case, Input, Tensorkit, Tfjs, Workload } from "../workload.js";
import {
  accuracyOf,
  checkInitialLoss,
  checksText,
  crossEntropyOf,
  recordAccuracy,
  recordInitialLoss,
  recordLeftOut,
} from "./fit-checks.js";
import { mnistData, type SampleSplit, type Samples } from "./fit-data.js";

// Keras-style training, end to end: tensorkit's `compile(model, …).fit(x, y, …)` against
// TensorFlow.js's `model.compile(…)` + `model.fit(x, y, …)` (tfjs-layers), on the same data, the
// same initial weights, the same batch size and the same number of epochs, both with Adam
// (lr 1e-3, betas 0.9/0.999, eps 1e-7: TensorFlow.js's defaults) and the `accuracy` metric.
// The models themselves (layers, weight layouts) are the families' business (fit-keras.ts,
// fit-lstm.ts), through {@link FitModel}.
//
// A run is a whole training from scratch: it resets the weights to the initial ones, compiles
// with a fresh optimiser, fits, and returns the last epoch's loss and accuracy as `fit` reported
// them (numbers, so read back). Setup measures the first batch's loss at the initial weights and
// teardown (after the last round) the trained model's accuracy on held-out data, both not timed;
// the workload's description shows them per target (see fit-checks.ts).

/** A weight's initial values and shape. */
export interface WeightValue {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** The tfjs-layers module. */
export type Tfl = typeof import("@tensorflow/tfjs-layers");

/**
 * A seeded N(0, 1) input scaled to Glorot's variance 2 / (fanIn + fanOut), that of Keras' default
 * `glorot_uniform`: initial weights that train well and are the same numbers for every library.
 */
export function glorot(input: Input, fanIn: number, fanOut: number): Float32Array {
  const scale = Math.sqrt(2 / (fanIn + fanOut));
  return input.data.map((v) => v * scale);
}

/** One model in both libraries, and how the shared initial weights are laid out in each. */
export interface FitModel {
  /** One sample's shape in tensorkit's layout (`[1, 28, 28]` for an image, `[784]` for a vector). */
  readonly sampleShape: readonly number[];
  /** One sample's shape in TensorFlow.js's layout (NHWC for images). */
  readonly tfjsSampleShape: readonly number[];
  /** Samples' x in TensorFlow.js's layout (NCHW → NHWC for images; done once, not timed). */
  readonly tfjsX: (samples: Samples) => Float32Array;
  /** Output units of the last layer (1 for a binary task). */
  readonly outputs: number;
  /** Shapes of the harness's seeded N(0, 1) inputs the initial weights are made from. */
  readonly inputs: readonly (readonly number[])[];
  /** tensorkit's initial parameters, in `model.parameters()` order, from the inputs. */
  readonly tensorkitWeights: (inputs: readonly Input[]) => WeightValue[];
  /** TensorFlow.js's initial weights, in `model.getWeights()` order: the same function. */
  readonly tfjsWeights: (inputs: readonly Input[]) => WeightValue[];
  readonly tensorkitModel: () => SequentialModel;
  readonly tfjsModel: (tfl: Tfl) => LayersModel;
}

/** A `fit` workload: a model, its data and how it trains. */
export interface FitSpec {
  readonly name: string;
  readonly description: string;
  readonly model: FitModel;
  readonly loss: "binaryCrossentropy" | "sparseCategoricalCrossentropy";
  readonly epochs: number;
  readonly batchSize: number;
  readonly trainSize: number;
  readonly quick: boolean;
  /** Training samples (`trainSize` of them) and held-out samples for the accuracy after training. */
  readonly data: () => Promise<SampleSplit>;
  /** What the held-out samples are, for the description. */
  readonly heldOut: string;
  /**
   * TensorFlow.js kernels the training needs beyond the dense ones (conv gradients): a tfjs
   * backend without one of them is left out of the workload (tfjs-wasm 4.22 has no
   * Conv2DBackpropFilter, so it cannot train a CNN).
   */
  readonly tfjsKernels?: readonly string[];
}

/**
 * The MNIST training the fit workloads share: one epoch in batches of 64 on the first `trainSize`
 * digits of the train split, sparse categorical cross-entropy, the accuracy after it on the first
 * `testSize` test digits.
 */
export function mnistEpoch(trainSize: number, quick: boolean, testSize: number) {
  return {
    loss: "sparseCategoricalCrossentropy",
    epochs: 1,
    batchSize: 64,
    trainSize,
    quick,
    data: () => mnistData(trainSize, testSize),
    heldOut: `${testSize.toLocaleString("en")} test digits`,
  } as const;
}

const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-7 };
/** Held-out predictions are made this many samples at a time (not timed). */
const EVAL_BATCH = 500;

/** Predictions (probabilities) for samples `[0, n)`, `EVAL_BATCH` at a time. */
function predictAll(
  n: number,
  outputs: number,
  predict: (start: number, end: number) => ArrayLike<number>,
): Float32Array {
  const probabilities = new Float32Array(n * outputs);
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const end = Math.min(n, start + EVAL_BATCH);
    probabilities.set(predict(start, end), start * outputs);
  }
  return probabilities;
}

/** Throws unless a library's weights have the shapes the workload lays out for it. */
function checkShapes(
  spec: FitSpec,
  library: string,
  actual: readonly (readonly number[])[],
  expected: readonly WeightValue[],
) {
  const show = (shapes: readonly (readonly number[])[]) => shapes.map((s) => `[${s.join(",")}]`).join(" ");
  if (actual.length !== expected.length || actual.some((s, i) => s.join() !== expected[i]!.shape.join()))
    throw new Error(
      `${spec.name}: ${library}'s weights are ${show(actual)}, the workload lays out ${show(expected.map((w) => w.shape))}`,
    );
}

/** Records the first batch's loss at the initial weights, from its predicted probabilities (not timed). */
function recordFirstBatchLoss(
  spec: FitSpec,
  target: string,
  train: Samples,
  predict: (n: number) => ArrayLike<number>,
): void {
  const first = Math.min(spec.batchSize, train.n);
  recordInitialLoss(spec.name, target, crossEntropyOf(predict(first), train.labels.subarray(0, first)));
}

// --- tensorkit ------------------------------------------------------------------------------

async function tensorkitCase(spec: FitSpec, tk: Tensorkit, inputs: readonly Input[]): Promise<Case> {
  const { train, test } = await spec.data();
  const { model: m } = spec;
  // The registered name ("wasm-threads"), not the backend's own ("wasm"): the target's id.
  const target = `tensorkit-${tk.backendName(tk.getBackend())}`;
  const weights = m.tensorkitWeights(inputs);
  const model = m.tensorkitModel();
  const params = model.parameters();
  try {
    checkShapes(
      spec,
      "tensorkit",
      params.map((p) => p.shape),
      weights,
    );
  } catch (e) {
    model.dispose();
    throw e;
  }
  const init: TkTensor[] = weights.map((w) => tk.tensor(w.data, { shape: w.shape }));
  const x = tk.tensor(train.x, { shape: [train.n, ...m.sampleShape] });
  const y =
    spec.loss === "binaryCrossentropy"
      ? tk.tensor(Float32Array.from(train.labels), { shape: [train.n, 1] })
      : tk.tensor(train.labels, { shape: [train.n] });
  const loss: LossName = spec.loss;
  const reset = () =>
    noGrad(() => {
      params.forEach((p, i) => {
        p.assign(init[i]!);
      });
    });
  const sample = sizeOf(m.sampleShape);
  const predict = (samples: Samples, n: number) =>
    predictAll(n, m.outputs, (start, end) =>
      noGrad(() =>
        tk.tidy(() =>
          model
            .call(
              tk.tensor(samples.x.subarray(start * sample, end * sample), {
                shape: [end - start, ...m.sampleShape],
              }),
            )
            .dataSync(),
        ),
      ),
    );
  reset();
  recordFirstBatchLoss(spec, target, train, (n) => predict(train, n));
  let fitAccuracy = Number.NaN;
  return {
    async run() {
      reset();
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
        recordAccuracy(spec.name, target, fitAccuracy, accuracyOf(predict(test, test.n), test.labels));
      } finally {
        model.dispose();
        for (const t of [...init, x, y]) t.dispose();
      }
      checkInitialLoss(spec.name, target);
    },
  };
}

// --- TensorFlow.js ------------------------------------------------------------------------------

let tflPromise: Promise<Tfl> | undefined;
/** tfjs-layers (its CommonJS build, which shares the bench's tfjs-core), loaded on first use. */
function loadTfl(): Promise<Tfl> {
  tflPromise ??= import("@tensorflow/tfjs-layers").then(
    (m) => ((m as { default?: Tfl }).default ?? m) as Tfl,
  );
  return tflPromise;
}

async function tfjsCase(spec: FitSpec, tf: Tfjs, inputs: readonly Input[]): Promise<Case> {
  const { train, test } = await spec.data();
  const { model: m } = spec;
  const tfl = await loadTfl();
  const target = `tfjs-${tf.getBackend()}`;
  const weights = m.tfjsWeights(inputs);
  const model = m.tfjsModel(tfl);
  const init: TfTensor[] = weights.map((w) => tf.tensor(w.data, [...w.shape], "float32"));
  try {
    checkShapes(
      spec,
      "tfjs",
      model.getWeights().map((w) => w.shape),
      weights,
    );
  } catch (e) {
    model.dispose();
    for (const t of init) t.dispose();
    throw e;
  }
  const xTrain = m.tfjsX(train);
  const x = tf.tensor(xTrain, [train.n, ...m.tfjsSampleShape], "float32");
  // Keras' sparse categorical cross-entropy takes labels [n, 1]; binary targets are [n, 1] too.
  const y = tf.tensor(Float32Array.from(train.labels), [train.n, 1], "float32");
  const xTest = m.tfjsX(test);
  const sample = sizeOf(m.sampleShape);
  const predict = (data: Float32Array, n: number) =>
    predictAll(n, m.outputs, (start, end) =>
      tf.tidy(() => {
        const xb = tf.tensor(data.subarray(start * sample, end * sample), [
          end - start,
          ...m.tfjsSampleShape,
        ]);
        return (model.predict(xb) as TfTensor).dataSync();
      }),
    );
  model.setWeights(init);
  recordFirstBatchLoss(spec, target, train, (n) => predict(xTrain, n));
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
        recordAccuracy(spec.name, target, fitAccuracy, accuracyOf(predict(xTest, test.n), test.labels));
      } finally {
        model.dispose();
        for (const t of [...init, x, y]) t.dispose();
      }
      checkInitialLoss(spec.name, target);
    },
  };
}

// --- the workload ---------------------------------------------------------------------------------

/** A `Workload` timing `fit` on every target, its checks in the description. */
export function fitWorkload(spec: FitSpec): Workload {
  // A cast: `tfjs` is a getter that may give undefined (which exactOptionalPropertyTypes only
  // lets an absent property be); the harness treats both alike.
  return {
    name: spec.name,
    get description() {
      return spec.description + checksText(spec.name, spec.heldOut);
    },
    unit: "samples/s",
    work: spec.trainSize * spec.epochs,
    // The weights' initial values (seeded N(0, 1), scaled in setup).
    inputs: spec.model.inputs,
    quick: spec.quick,
    // Different shuffles (and summation orders) make the trained weights differ: no comparison;
    // the first-batch losses and the accuracies in the description are the checks.
    tolerance: null,
    tensorkit: (tk, inputs) => tensorkitCase(spec, tk, inputs),
    // Read by the harness right after it made the target's backend the active one: a tfjs
    // backend that lacks a kernel the training needs gets no setup (no row) instead of an error.
    get tfjs() {
      const backend = tfBackend();
      const missing = (spec.tfjsKernels ?? []).filter((k) => !tfKernel(k, backend));
      if (missing.length > 0) {
        recordLeftOut(spec.name, `tfjs-${backend} (no ${missing.join(", ")} kernel)`);
        return undefined;
      }
      return (tf: Tfjs, inputs: readonly Input[]) => tfjsCase(spec, tf, inputs);
    },
  } as Workload;
}
