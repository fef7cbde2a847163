import type { Sequential as TfSequential } from "@tensorflow/tfjs-layers";
import { conv2d, dense, flatten, type LayerSpec, maxPooling2d, sequential } from "@tensorkit/nn";
import { sizeOf } from "../data.js";
import type { Input, Workload } from "../workload.js";
import { type Samples, xorData } from "./fit-data.js";
import { type FitModel, fitWorkload, glorot, mnistEpoch, type Tfl, type WeightValue } from "./fit-harness.js";
import { permute } from "./layout.js";

// The `fit` workloads of layer-list models (Dense, Conv2D, MaxPooling2D, Flatten): the seed's XOR
// net, an MLP and a CNN on MNIST, timed by fit-harness.ts. Here: the layers in both libraries and
// how the shared initial weights are laid out in each.

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
function weightsOf(sampleShape: readonly number[], layers: readonly Layer[]): WeightInfo[] {
  let shape = [...sampleShape];
  let features: number[] = [...shape]; // the feature axes a Dense reads, in tensorkit's order
  const out: WeightInfo[] = [];
  for (const layer of layers) {
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

/** The initial weights (the same numbers for both libraries, in tensorkit's layouts). */
function initialWeights(infos: readonly WeightInfo[], inputs: readonly Input[]): Float32Array[] {
  return infos.map((info, i) => glorot(inputs[i]!, info.fanIn, info.fanOut));
}

// --- the model in both libraries --------------------------------------------------------------

function tensorkitModel(sampleShape: readonly number[], layers: readonly Layer[]) {
  const specs: LayerSpec[] = layers.map((layer, i) => {
    const first = i === 0 ? { inputShape: sampleShape } : {};
    if (layer.kind === "dense") return dense(layer.units, { activation: layer.activation, ...first });
    if (layer.kind === "conv")
      return conv2d(layer.filters, layer.kernel, { activation: layer.activation, ...first });
    if (layer.kind === "pool") return maxPooling2d(layer.size, first);
    return flatten(first);
  });
  return sequential(specs);
}

function tfjsModel(tfjsSampleShape: readonly number[], layers: readonly Layer[], tfl: Tfl): TfSequential {
  const model = tfl.sequential();
  layers.forEach((layer, i) => {
    const first = i === 0 ? { inputShape: [...tfjsSampleShape] } : {};
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

/**
 * A layer list in both libraries. TensorFlow.js gets NHWC images (permuted once, not timed) and
 * the weights in its layouts (Dense `[in, out]`, conv HWIO, see {@link weightsOf}); biases start
 * at zero (Keras' default) in both.
 */
function layerModel(sampleShape: readonly number[], layers: readonly Layer[]): FitModel {
  const infos = weightsOf(sampleShape, layers);
  const image = sampleShape.length === 3;
  const tfjsSampleShape = image ? [sampleShape[1]!, sampleShape[2]!, sampleShape[0]!] : [...sampleShape];
  const last = layers[layers.length - 1];
  // Weights, each followed by its zero bias, in the parameters' order.
  const withBiases = (kernels: WeightValue[]) =>
    kernels.flatMap((k, i) => {
      const units = infos[i]!.shape[0]!;
      return [k, { data: new Float32Array(units), shape: [units] }];
    });
  return {
    sampleShape,
    tfjsSampleShape,
    tfjsX: (samples: Samples) =>
      image ? permute(samples.x, [samples.n, ...sampleShape], [0, 2, 3, 1]) : samples.x,
    outputs: last?.kind === "dense" ? last.units : 1,
    inputs: infos.map((w) => w.shape),
    tensorkitWeights: (inputs) =>
      withBiases(initialWeights(infos, inputs).map((data, i) => ({ data, shape: infos[i]!.shape }))),
    tfjsWeights: (inputs) =>
      withBiases(initialWeights(infos, inputs).map((data, i) => infos[i]!.toTfjs(data))),
    tensorkitModel: () => tensorkitModel(sampleShape, layers),
    tfjsModel: (tfl) => tfjsModel(tfjsSampleShape, layers, tfl),
  };
}

// --- workloads ------------------------------------------------------------------------------

/** The seed's Keras XOR network: Dense 4 relu, Dense 1 sigmoid, on the 4 points, batch 4. */
function fitXor(epochs: number): Workload {
  return fitWorkload({
    name: `fit xor ${epochs} epochs`,
    description: `the seed's Keras XOR net (Dense 4 relu, Dense 1 sigmoid), Adam, binary cross-entropy, batch 4, ${epochs} epochs on the 4 points`,
    model: layerModel(
      [2],
      [
        { kind: "dense", units: 4, activation: "relu" },
        { kind: "dense", units: 1, activation: "sigmoid" },
      ],
    ),
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
    model: layerModel(
      [784],
      [
        { kind: "dense", units: 128, activation: "relu" },
        { kind: "dense", units: 64, activation: "relu" },
        { kind: "dense", units: 10, activation: "softmax" },
      ],
    ),
    // [n, 1, 28, 28] and [n, 784] are the same row-major numbers.
    ...mnistEpoch(trainSize, quick, 2000),
  });
}

/** A small CNN on MNIST digits (NCHW here, NHWC in TensorFlow.js), one epoch, batch 64. */
function fitCnn(trainSize: number, quick: boolean): Workload {
  return fitWorkload({
    name: `fit cnn mnist ${trainSize}`,
    description: `conv 8@3x3 relu, maxpool 2, conv 16@3x3 relu, maxpool 2, flatten, dense 10 softmax; Adam 1e-3, sparse categorical cross-entropy, batch 64, 1 epoch on ${trainSize} MNIST digits`,
    model: layerModel(
      [1, 28, 28],
      [
        { kind: "conv", filters: 8, kernel: 3, activation: "relu" },
        { kind: "pool", size: 2 },
        { kind: "conv", filters: 16, kernel: 3, activation: "relu" },
        { kind: "pool", size: 2 },
        { kind: "flatten" },
        { kind: "dense", units: 10, activation: "softmax" },
      ],
    ),
    // 500 test digits: TensorFlow.js's cpu convolutions make a larger evaluation slow.
    ...mnistEpoch(trainSize, quick, 500),
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
