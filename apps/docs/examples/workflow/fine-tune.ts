import "../setup.js";
// #region fine-tune
import { blobs } from "@tensorkit/datasets";
import { dense, type SequentialModel, sequential } from "@tensorkit/nn";
import { manualSeed } from "@tensorkit/tensor";
import { compile, deserializeModel, serializeModel } from "@tensorkit/train";

manualSeed(0);
// 1. a model trained on one task (3 clusters) and saved
const source = blobs({
  nSamples: 300,
  centers: [
    [-2, 0],
    [2, 0],
    [0, 3],
  ],
  clusterStd: 0.6,
  seed: 0,
});
const pretrained = compile(
  sequential([
    dense(32, { activation: "relu", inputShape: [2] }),
    dense(32, { activation: "relu" }),
    dense(3),
  ]),
  { optimizer: "adam", loss: "crossEntropy", metrics: ["accuracy"] },
);
await pretrained.fit(source.x, source.y, { epochs: 30, verbose: 0 });
const file = serializeModel(pretrained);

// 2. load it, freeze the body, and train only the head on a related task (the clusters moved)
const target = blobs({
  nSamples: 60,
  centers: [
    [-1.5, 0.5],
    [2.5, 0.5],
    [0.5, 3.5],
  ],
  clusterStd: 0.6,
  seed: 1,
});
const { model } = deserializeModel<SequentialModel>(file);
model.trainable = false; // every layer frozen…
model.at(-1).trainable = true; // …but the output layer
const before = compile(model, { optimizer: "adam", loss: "crossEntropy", metrics: ["accuracy"] }).evaluate(
  target.x,
  target.y,
);
const tuner = compile(model, {
  optimizer: { name: "adam", lr: 0.003 },
  loss: "crossEntropy",
  metrics: ["accuracy"],
});
await tuner.fit(target.x, target.y, { epochs: 40, batchSize: 8, verbose: 0 });
const after = tuner.evaluate(target.x, target.y);
console.log(before.accuracy, "→", after.accuracy);

// #endregion fine-tune

export { after, before, file, model, pretrained, tuner };
