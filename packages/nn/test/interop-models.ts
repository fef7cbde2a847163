// The three architectures of the PyTorch interop fixtures (tooling/fixtures/generate_interop.py
// defines the same ones in torch, with the same state-dict names), and the fixed-seed tensorkit
// models whose weights are committed for torch to load.
import { manualSeed, randn, tidy } from "@tensorkit/tensor";
import { dense, sequential } from "../src/builders.js";
import { Sequential } from "../src/containers.js";
import { ReLU, Tanh } from "../src/layers/activation.js";
import { BatchNorm2d } from "../src/layers/batchnorm.js";
import { Conv2d } from "../src/layers/conv.js";
import { Flatten } from "../src/layers/flatten.js";
import { Linear } from "../src/layers/linear.js";
import { AvgPool2d, MaxPool2d } from "../src/layers/pooling.js";
import type { Module } from "../src/module.js";
import { lstm } from "../src/rnn-builders.js";

export type InteropName = "mlp" | "cnn" | "lstm";

/** torch: nn.Sequential(Linear(4,16), ReLU(), Linear(16,8), Tanh(), Linear(8,3)); input [5,4]. */
const mlp = () =>
  new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 8), new Tanh(), new Linear(8, 3));

/**
 * torch: nn.Sequential(Conv2d(1,4,3,padding=1), BatchNorm2d(4), ReLU(), MaxPool2d(2), Conv2d(4,6,3),
 * Tanh(), AvgPool2d(2), Flatten(), Linear(24,5)); input [2,1,12,12].
 */
const cnn = () =>
  new Sequential(
    new Conv2d(1, 4, 3, { padding: 1 }),
    new BatchNorm2d(4),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(4, 6, 3),
    new Tanh(),
    new AvgPool2d(2),
    new Flatten(),
    new Linear(24, 5),
  );

/**
 * torch: nn.Sequential(LSTMLastStep(4, 8, num_layers=2, batch_first=True), Linear(8, 3)), where
 * LSTMLastStep is an nn.LSTM returning the top layer's final hidden state; input [3,6,4].
 */
const lstmClassifier = () => sequential([lstm(8, { inputShape: [6, 4], numLayers: 2 }), dense(3)]);

/** A freshly initialised model of each architecture. */
export const architectures: Record<InteropName, () => Module> = { mlp, cnn, lstm: lstmClassifier };

/** The input shape each architecture is called with in the fixtures. */
export const inputShapes: Record<InteropName, number[]> = {
  mlp: [5, 4],
  cnn: [2, 1, 12, 12],
  lstm: [3, 6, 4],
};

/**
 * Our fixed-seed model of an architecture, in evaluation mode. The CNN first runs two training-mode
 * calls on seeded inputs, so its BatchNorm running statistics are not the trivial 0 and 1.
 */
export function ourModel(name: InteropName): Module {
  manualSeed({ mlp: 101, cnn: 102, lstm: 103 }[name]);
  const model = architectures[name]();
  if (name === "cnn") {
    model.train();
    for (let i = 0; i < 2; i++) tidy(() => model.call(randn(inputShapes.cnn).mul(2).add(0.5)));
  }
  model.eval();
  return model;
}
