import "./setup.js";
// #region fit
import { moons } from "@tensorkit/datasets";
import { dense, sequential } from "@tensorkit/nn";
import { manualSeed } from "@tensorkit/tensor";
import { compile, EarlyStopping, type Logs } from "@tensorkit/train";

manualSeed(0);
const train = moons({ nSamples: 300, noise: 0.15, seed: 0 });
const val = moons({ nSamples: 200, noise: 0.15, seed: 1 });
const trainer = compile(
  sequential([
    dense(16, { activation: "tanh", inputShape: [2] }),
    dense(16, { activation: "tanh" }),
    dense(2),
  ]),
  { optimizer: { name: "adam", lr: 0.02 }, loss: "crossEntropy", metrics: ["accuracy"] },
);
const valLosses: number[] = [];
const history = await trainer.fit(train.x, train.y, {
  epochs: 200,
  batchSize: 32,
  validationData: [val.x, val.y],
  verbose: 0,
  callbacks: [
    new EarlyStopping({ monitor: "val_loss", patience: 10, restoreBestWeights: true }),
    { onEpochEnd: (_epoch: number, logs: Logs) => void valLosses.push(logs.val_loss!) }, // any object with hooks
  ],
});
console.log(history.epoch.length, history.last("val_accuracy")); // stopped early, ≈ 0.98

// #endregion fit

// #region save
import { deserializeModel, serializeModel } from "@tensorkit/train";

const bytes = serializeModel(trainer, { history, classNames: ["upper", "lower"] }); // one .safetensors file
const loaded = deserializeModel(bytes); // architecture + weights + training info
const again = loaded.model.call(val.x); // the same outputs as trainer.predict(val.x)

// Node: saveModel(trainer, "moons.safetensors") / loadModel(...) from "@tensorkit/train/node"
// #endregion save

export { again, bytes, history, loaded, trainer, val, valLosses };
