// #region train
import { compile } from "@tensorkit/train";
import { mlp } from "./choose-a-model.js";
import { xTrain, yTrain } from "./preprocess.js";

const model = mlp();
const trainer = compile(model, {
  optimizer: { name: "adam", lr: 0.01 },
  loss: "crossEntropy", // integer labels, logits out (PyTorch's CrossEntropyLoss)
  metrics: ["accuracy"],
});
const history = await trainer.fit(xTrain, yTrain, {
  epochs: 60,
  batchSize: 16,
  validationSplit: 0.2, // the last 20 % of the training rows, scored after every epoch
  seed: 0, // the same shuffles on every run
  verbose: 0, // "auto" prints a progress bar in a terminal
});
console.log(history.history.loss!.at(-1), history.last("val_accuracy"));

// #endregion train

export { history, model, trainer };
