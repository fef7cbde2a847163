import "../setup.js";
// #region regularise
import { moons } from "@tensorkit/datasets";
import { dense, dropout, l2, sequential } from "@tensorkit/nn";
import { manualSeed } from "@tensorkit/tensor";
import { compile, EarlyStopping } from "@tensorkit/train";

// few noisy points and a big network: the recipe for over-fitting
const train = moons({ nSamples: 60, noise: 0.3, seed: 1 });
const val = moons({ nSamples: 400, noise: 0.3, seed: 2 });
const build = (regularise: boolean) => {
  manualSeed(0);
  const reg = regularise ? { kernelRegularizer: l2(0.001) } : {};
  return sequential([
    dense(128, { activation: "relu", inputShape: [2], ...reg }),
    ...(regularise ? [dropout(0.3)] : []),
    dense(128, { activation: "relu", ...reg }),
    ...(regularise ? [dropout(0.3)] : []),
    dense(2),
  ]);
};
const fit = async (regularise: boolean) => {
  const trainer = compile(build(regularise), {
    optimizer: { name: "adam", lr: 0.01 },
    loss: "crossEntropy",
    metrics: ["accuracy"],
  });
  const stop = new EarlyStopping({ monitor: "val_loss", patience: 30, restoreBestWeights: true });
  const history = await trainer.fit(train.x, train.y, {
    epochs: 300,
    batchSize: 16,
    validationData: [val.x, val.y],
    callbacks: regularise ? [stop] : [],
    verbose: 0,
  });
  return { trainer, history, val: trainer.evaluate(val.x, val.y) };
};
const plain = await fit(false); // train loss → 0, validation loss climbs
const regularised = await fit(true); // L2 + dropout + early stopping
console.log(plain.val.loss, regularised.val.loss);

// #endregion regularise

export { plain, regularised };
