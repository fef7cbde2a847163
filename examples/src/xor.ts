import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  manualSeed,
  memory,
  registerBackend,
  setBackend,
  sigmoid,
  sub,
  tensor,
  tidy,
} from "@tensorkit/tensor";
import { binaryCrossEntropyFromProbs } from "./losses.js";
import { createMlp, disposeMlp, forward, sgdStep } from "./mlp.js";

/**
 * The seed's Keras XOR network — Dense(4, relu, input_shape=(2,)), Dense(1, sigmoid), binary
 * cross-entropy — trained full-batch with hand-written backpropagation.
 */
export async function trainXor(
  epochs = 2000,
  lr = 0.5,
): Promise<{ loss: number; predictions: number[]; correct: boolean }> {
  registerBackend("cpu", createCpuBackend);
  await setBackend("cpu");
  manualSeed(7);
  const x = tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const y = tensor([[0], [1], [1], [0]]);
  let model = createMlp(2, 4, 1);
  let loss = Number.NaN;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model = tidy(() => {
      const { z1, h, logits } = forward(model, x);
      const p = sigmoid(logits);
      if (epoch % 500 === 0 || epoch === 1) {
        loss = binaryCrossEntropyFromProbs(p, y);
        console.log(`epoch ${String(epoch).padStart(4)}  loss ${loss.toFixed(4)}`);
      }
      return sgdStep(model, x, z1, h, sub(p, y).div(4), lr);
    });
  }
  const predictions = tidy(() => Array.from(sigmoid(forward(model, x).logits).dataSync()));
  loss = tidy(() => binaryCrossEntropyFromProbs(sigmoid(forward(model, x).logits), y));
  const correct = predictions.every((p, i) => Math.round(p) === [0, 1, 1, 0][i]);
  console.log(
    `predictions ${predictions.map((p) => p.toFixed(3)).join(" ")}  (XOR ${correct ? "learned" : "NOT learned"})`,
  );
  disposeMlp(model);
  x.dispose();
  y.dispose();
  console.log(`live tensors after training: ${memory().numTensors}`);
  return { loss, predictions, correct };
}

if (import.meta.url === `file://${process.argv[1]}`) await trainXor();
