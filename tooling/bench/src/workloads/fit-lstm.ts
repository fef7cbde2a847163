import { dense, lstm, sequential } from "@tensorkit/nn";
import type { Input, Workload } from "../workload.js";
import type { Samples } from "./fit-data.js";
import { type FitModel, fitWorkload, glorot, mnistEpoch } from "./fit-harness.js";
import { permute } from "./layout.js";

// Training an LSTM with `fit`: MNIST digits read row by row as a sequence (28 steps of 28
// pixels), LSTM(32) whose last hidden state feeds a Dense 10 softmax; timed by fit-harness.ts
// (Adam with TensorFlow.js's defaults, sparse categorical cross-entropy, shuffled batches of 64).
//
// The same function in both libraries. tensorkit's LSTM has PyTorch's parameters: weight_ih
// [4H, in], weight_hh [4H, H], bias_ih and bias_hh [4H], gates in the order (i, f, g, o). Keras'
// has kernel [in, 4H], recurrent_kernel [H, 4H] and one bias [4H], gates (i, f, c, o): the same
// order, so TensorFlow.js gets the weights transposed and bias_ih + bias_hh. Keras' LSTM squashes
// its gates with hardSigmoid by default (tfjs-layers 4.22 too); the workload asks for the logistic
// sigmoid, which PyTorch's (and tensorkit's) LSTM uses.

/** Time steps (image rows), features per step (pixels of a row), hidden units, classes. */
const T = 28;
const F = 28;
const H = 32;
const K = 10;

/** Scale of the biases' seeded N(0, 1) numbers: small, but not zero, so the check at the
 * initial weights also checks the bias layout and the gate order. */
const BIAS_SCALE = 0.1;

/** `[rows, cols]` → `[cols, rows]`. */
function transposed(data: Float32Array, rows: number, cols: number): Float32Array {
  return permute(data, [rows, cols], [1, 0]);
}

/**
 * The initial weights, in tensorkit's layouts, from the harness's inputs: kernels with Glorot's
 * variance (Keras' default glorot_uniform for the LSTM's kernel and the Dense; the recurrent
 * kernel too, where Keras would draw an orthogonal one), small random LSTM biases, a zero Dense
 * bias.
 */
function initial(inputs: readonly Input[]) {
  const [wIh, wHh, bIh, bHh, wOut] = inputs as [Input, Input, Input, Input, Input];
  return {
    wIh: glorot(wIh, F, 4 * H),
    wHh: glorot(wHh, H, 4 * H),
    bIh: bIh.data.map((v) => v * BIAS_SCALE),
    bHh: bHh.data.map((v) => v * BIAS_SCALE),
    wOut: glorot(wOut, H, K),
    bOut: new Float32Array(K),
  };
}

const lstmMnist: FitModel = {
  sampleShape: [T, F],
  tfjsSampleShape: [T, F],
  // MNIST's [n, 1, 28, 28] rows are the same row-major numbers as [n, 28 steps, 28 pixels].
  tfjsX: (samples: Samples) => samples.x,
  outputs: K,
  inputs: [[4 * H, F], [4 * H, H], [4 * H], [4 * H], [K, H]],
  tensorkitWeights: (inputs) => {
    const w = initial(inputs);
    return [
      { data: w.wIh, shape: [4 * H, F] },
      { data: w.wHh, shape: [4 * H, H] },
      { data: w.bIh, shape: [4 * H] },
      { data: w.bHh, shape: [4 * H] },
      { data: w.wOut, shape: [K, H] },
      { data: w.bOut, shape: [K] },
    ];
  },
  tfjsWeights: (inputs) => {
    const w = initial(inputs);
    return [
      { data: transposed(w.wIh, 4 * H, F), shape: [F, 4 * H] },
      { data: transposed(w.wHh, 4 * H, H), shape: [H, 4 * H] },
      { data: w.bIh.map((v, i) => v + w.bHh[i]!), shape: [4 * H] },
      { data: transposed(w.wOut, K, H), shape: [H, K] },
      { data: w.bOut, shape: [K] },
    ];
  },
  tensorkitModel: () => sequential([lstm(H, { inputShape: [T, F] }), dense(K, { activation: "softmax" })]),
  tfjsModel: (tfl) => {
    const model = tfl.sequential();
    model.add(
      tfl.layers.lstm({
        units: H,
        recurrentActivation: "sigmoid",
        // Overwritten by setWeights. Keras' default 'orthogonal' calls a chained op
        // (`flatten()`) that only the @tensorflow/tfjs umbrella registers (see the README).
        recurrentInitializer: "zeros",
        inputShape: [T, F],
      }),
    );
    model.add(tfl.layers.dense({ units: K, activation: "softmax" }));
    return model;
  },
};

/** LSTM(32) → Dense 10 softmax on `trainSize` MNIST digits read row by row, one epoch, batch 64. */
function fitLstm(trainSize: number, quick: boolean): Workload {
  return fitWorkload({
    name: `fit lstm mnist ${trainSize}`,
    description: `LSTM(${H}) (sigmoid gates, last hidden state) -> dense ${K} softmax on MNIST rows as sequences (${T} steps of ${F} pixels); Adam 1e-3, sparse categorical cross-entropy, batch 64, 1 epoch on ${trainSize} digits`,
    model: lstmMnist,
    ...mnistEpoch(trainSize, quick, 500),
  });
}

/** The LSTM `fit` workload: 512 digits, 128 in `--quick`. */
export const fitLstmWorkloads: readonly Workload[] = [fitLstm(128, true), fitLstm(512, false)];
