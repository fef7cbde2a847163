import { noGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { StandardScaler, trainTestSplit } from "@tensorkit/data";
import { iris } from "@tensorkit/datasets";
import { accuracy, classificationReport } from "@tensorkit/metrics";
import { crossEntropy, dense, sequential } from "@tensorkit/nn";
import { Adam } from "@tensorkit/optim";
import { argmax, manualSeed, memory, registerBackend, setBackend, tidy } from "@tensorkit/tensor";

/**
 * Fisher's Iris end to end: a stratified 80/20 split, standardisation fitted on the training part
 * only, a 4-16-3 perceptron trained with cross-entropy and Adam, then held-out accuracy and
 * scikit-learn's classification report.
 */
export async function trainIris(epochs = 200): Promise<{ testAccuracy: number }> {
  registerBackend("cpu", createCpuBackend);
  await setBackend("cpu");
  manualSeed(42);
  using data = iris();
  const [xTrainRaw, xTestRaw, yTrain, yTest] = trainTestSplit([data.x, data.y], {
    testSize: 0.2,
    stratify: data.y,
    seed: 42,
  });
  const scaler = new StandardScaler().fit(xTrainRaw);
  const xTrain = scaler.transform(xTrainRaw);
  const xTest = scaler.transform(xTestRaw);
  const model = sequential([dense(16, { activation: "relu", inputShape: [4] }), dense(3)]);
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    tidy(() => {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.call(xTrain), yTrain);
      loss.backward();
      optimizer.step();
      if (epoch % 50 === 0 || epoch === 1)
        console.log(`epoch ${String(epoch).padStart(3)}  loss ${(loss.item() as number).toFixed(4)}`);
    });
  }
  const predicted = noGrad(() => tidy(() => argmax(model.call(xTest), -1)));
  const testAccuracy = accuracy(yTest, predicted);
  console.log(`iris: held-out accuracy ${(testAccuracy * 100).toFixed(1)}% on ${yTest.shape[0]} flowers`);
  console.log(classificationReport(yTest, predicted, { targetNames: [...data.classNames] }).text);
  model.dispose();
  optimizer.dispose();
  for (const t of [xTrainRaw, xTestRaw, yTrain, yTest, xTrain, xTest, predicted]) t.dispose();
  data.dispose(); // `using` would too, but only after the count below
  console.log(`live tensors after training: ${memory().numTensors}`);
  return { testAccuracy };
}

if (import.meta.url === `file://${process.argv[1]}`) await trainIris();
