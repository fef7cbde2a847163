import { createCpuBackend } from "@tensorkit/backend-cpu";
import { StandardScaler, trainTestSplit } from "@tensorkit/data";
import { iris } from "@tensorkit/datasets";
import { classificationReport } from "@tensorkit/metrics";
import { dense, sequential } from "@tensorkit/nn";
import { argmax, manualSeed, memory, registerBackend, setBackend } from "@tensorkit/tensor";
import { compile } from "@tensorkit/train";

/**
 * Fisher's Iris end to end: a stratified 80/20 split, standardisation fitted on the training part
 * only, a 4-16-3 perceptron compiled with Adam and sparse categorical cross-entropy, fitted with a
 * validation split, then held-out accuracy and scikit-learn's classification report.
 */
export async function trainIris(): Promise<{ testAccuracy: number }> {
  registerBackend("cpu", createCpuBackend);
  await setBackend("cpu");
  manualSeed(42);
  const data = iris();
  const [xTrainRaw, xTestRaw, yTrain, yTest] = trainTestSplit([data.x, data.y], {
    testSize: 0.2,
    stratify: data.y,
    seed: 42,
  });
  const scaler = new StandardScaler().fit(xTrainRaw);
  const [xTrain, xTest] = [scaler.transform(xTrainRaw), scaler.transform(xTestRaw)];

  const model = sequential([
    dense(16, { activation: "relu", inputShape: [4] }),
    dense(3, { activation: "softmax" }),
  ]);
  const trainer = compile(model, {
    optimizer: { name: "adam", lr: 0.01 },
    loss: "sparseCategoricalCrossentropy",
    metrics: ["accuracy"],
  });
  await trainer.fit(xTrain, yTrain, { epochs: 100, batchSize: 16, verbose: 0, seed: 1 });

  const { accuracy: testAccuracy } = trainer.evaluate(xTest, yTest);
  const predicted = trainer.predict(xTest);
  const labels = argmax(predicted, -1);
  console.log(`iris: held-out accuracy ${(testAccuracy! * 100).toFixed(1)}% on ${yTest.shape[0]} flowers`);
  console.log(classificationReport(yTest, labels, { targetNames: [...data.classNames] }).text);
  model.dispose();
  trainer.optimizer.dispose();
  for (const t of [xTrainRaw, xTestRaw, yTrain, yTest, xTrain, xTest, predicted, labels]) t.dispose();
  data.dispose();
  console.log(`live tensors after training: ${memory().numTensors}`);
  return { testAccuracy: testAccuracy! };
}

if (import.meta.url === `file://${process.argv[1]}`) await trainIris();
