import { writeFileSync } from "node:fs";
import type { ActivationName } from "@tensorkit/nn";
import { manualSeed, type Tensor } from "@tensorkit/tensor";
import { type Callback, compile, EarlyStopping, type OptimizerName, ProgressBar } from "@tensorkit/train";
import { useBackend } from "../backend.js";
import { classSelection, selectClasses } from "../class-filter.js";
import { isDatasetName, prepare, type Task } from "../data.js";
import { CliError } from "../errors.js";
import {
  classificationMetrics,
  classify,
  regressionMetrics,
  regressionValues,
  renderMetrics,
  runModel,
  type TestMetrics,
} from "../evaluation.js";
import type { Io } from "../io.js";
import { saveCliModel } from "../model-file.js";
import { buildModel, type ModelKind, modelFromConfigFile } from "../models.js";
import { trainNcf } from "../ncf.js";
import { htmlReport } from "../report.js";

export interface TrainOptions {
  target?: string;
  task?: Task;
  model: ModelKind;
  config?: string;
  hidden?: number[];
  activation: ActivationName;
  dropout: number;
  l2: number;
  epochs?: number;
  batchSize?: number;
  optimizer: OptimizerName;
  lr?: number;
  valSplit: number;
  testSplit: number;
  earlyStopping?: number;
  seed: number;
  backend: string;
  out?: string;
  report?: string;
  limit?: number;
  text?: string;
  user?: string;
  item?: string;
  classes?: string[];
  perClass?: number;
  json: boolean;
  quiet: boolean;
}

/** Defaults that suit each built-in data set (a CSV gets the `csv` row); flags override them. */
const HINTS: Record<string, { epochs: number; lr: number; batchSize: number; hidden: number[] }> = {
  xor: { epochs: 300, lr: 0.05, batchSize: 4, hidden: [8] },
  iris: { epochs: 100, lr: 0.01, batchSize: 16, hidden: [64, 32] },
  mnist: { epochs: 10, lr: 0.001, batchSize: 64, hidden: [128, 64] },
  spirals: { epochs: 300, lr: 0.01, batchSize: 32, hidden: [64, 64] },
  moons: { epochs: 100, lr: 0.01, batchSize: 32, hidden: [32, 32] },
  circles: { epochs: 100, lr: 0.01, batchSize: 32, hidden: [32, 32] },
  blobs: { epochs: 50, lr: 0.01, batchSize: 32, hidden: [16] },
  regression: { epochs: 200, lr: 0.01, batchSize: 32, hidden: [32] },
  csv: { epochs: 100, lr: 0.01, batchSize: 32, hidden: [64, 32] },
};

function hintFor(data: string, model: ModelKind) {
  const base = HINTS[isDatasetName(data) ? data : "csv"]!;
  // Convolutions on MNIST: a smaller dense head after the conv blocks, and fewer epochs.
  if (model === "cnn") return { ...base, epochs: Math.min(base.epochs, 3), hidden: [128] };
  if (model === "lstm") return { ...base, hidden: [64] };
  return base;
}

export async function train(data: string, o: TrainOptions, io: Io): Promise<void> {
  if (o.model === "ncf") return trainNcf(data, o, io);
  await useBackend(o.backend);
  // Texts: a few epochs over a bidirectional LSTM of 32 per direction, as the text example.
  const hint = o.text ? { epochs: 5, lr: 0.003, batchSize: 32, hidden: [32] } : hintFor(data, o.model);
  const epochs = o.epochs ?? hint.epochs;
  const batchSize = o.batchSize ?? hint.batchSize;
  const lr = o.lr ?? (o.optimizer === "adam" || o.optimizer === "sgd" ? hint.lr : 0.001);
  const hidden = o.hidden ?? hint.hidden;
  const note = (line: string) => {
    if (!o.quiet) io.err(`${line}\n`);
  };

  const started = performance.now();
  manualSeed(o.seed);
  const loaded = await prepare(data, {
    ...(o.target === undefined ? {} : { target: o.target }),
    ...(o.task === undefined ? {} : { task: o.task }),
    testSplit: o.testSplit,
    seed: o.seed,
    ...(o.limit === undefined ? {} : { limit: o.limit }),
    sequence: o.model === "lstm",
    ...(o.text === undefined ? {} : { text: o.text }),
  });
  const prepared = selectClasses(loaded, classSelection(o));
  const owned: { dispose(): void }[] = [prepared];
  try {
    for (const n of prepared.notes) note(`note: ${n}`);
    const { xTrain, yTrain, xTest, yTest, task, classNames } = prepared;
    if (o.valSplit > 0 && Math.floor(xTrain.shape[0]! * o.valSplit) === 0)
      throw new CliError(
        `--val-split ${o.valSplit} of ${xTrain.shape[0]} training samples leaves no validation sample`,
      );
    manualSeed(o.seed);
    const model = o.config
      ? modelFromConfigFile(o.config)
      : buildModel(
          {
            kind: o.model,
            hidden,
            activation: o.activation,
            dropout: o.dropout,
            l2: o.l2,
            ...(prepared.info.text ? { vocabularySize: prepared.info.text.vocabularySize } : {}),
          },
          prepared.info.inputShape,
          prepared.nOutputs,
        );
    owned.push(model);
    const trainer = compile(model, {
      optimizer: { name: o.optimizer, lr },
      loss: task === "classification" ? "crossEntropy" : "mse",
      metrics: task === "classification" ? ["accuracy"] : ["mae"],
    });
    owned.push(trainer.optimizer);
    const callbacks: Callback[] = [];
    const monitor = o.valSplit > 0 ? "val_loss" : "loss";
    const stopper =
      o.earlyStopping === undefined
        ? undefined
        : new EarlyStopping({ monitor, patience: o.earlyStopping, restoreBestWeights: true, log: note });
    if (stopper) callbacks.push(stopper);
    if (!o.quiet) {
      const batches = Math.ceil((xTrain.shape[0]! - Math.floor(xTrain.shape[0]! * o.valSplit)) / batchSize);
      callbacks.push(new ProgressBar({ epochs, batchesPerEpoch: batches, stream: io.progress }));
    }
    note(
      `training ${o.config ? `the model of ${o.config}` : `an ${o.model.toUpperCase()}`} on ${data}: ${xTrain.shape[0]} samples of [${prepared.info.inputShape.join(",")}] → ${
        task === "classification" ? `${classNames.length} classes` : "regression"
      }, ${o.optimizer} lr ${lr}, batch ${batchSize}, ${epochs} epochs`,
    );
    const fitStart = performance.now();
    const history = await trainer.fit(xTrain, yTrain, {
      epochs,
      batchSize,
      validationSplit: o.valSplit,
      seed: o.seed,
      verbose: 0,
      callbacks,
    });
    const fitSeconds = (performance.now() - fitStart) / 1000;

    const outputs = runModel(model, xTest);
    owned.push(outputs);
    let test: TestMetrics;
    let labels: { yTrue: ArrayLike<number>; yPred: ArrayLike<number> } | undefined;
    if (task === "classification") {
      const yTrue = yTest.dataSync() as ArrayLike<number>;
      const { labels: yPred } = classify(outputs);
      test = classificationMetrics(yTrue, yPred, classNames);
      labels = { yTrue, yPred };
    } else {
      const values: Tensor = regressionValues(outputs, prepared.preprocessors.targetScaler);
      owned.push(values);
      test = regressionMetrics(yTest, values);
    }

    if (o.out) {
      await saveCliModel(o.out, trainer, prepared, {
        trainedOn: data,
        seed: o.seed,
        epochsRun: history.epoch.length,
        test: JSON.parse(JSON.stringify(test)),
      });
    }
    const seconds = (performance.now() - started) / 1000;
    if (o.report) {
      const summary: [string, string][] = [
        ["data", data],
        ["model", o.config ?? `${o.model} ${hidden.join("-")}`],
        ["optimizer", `${o.optimizer}, lr ${lr}, batch ${batchSize}`],
        [
          "epochs run",
          `${history.epoch.length}${stopper?.stoppedEpoch ? ` (early stopping at epoch ${stopper.stoppedEpoch + 1})` : ""}`,
        ],
        ["training time", `${fitSeconds.toFixed(1)} s`],
        ["seed", String(o.seed)],
      ];
      if (o.out) summary.push(["model file", o.out]);
      writeFileSync(
        o.report,
        htmlReport({
          title: `tensorkit train ${data}`,
          summary,
          history: history.history,
          test,
          testDescription: prepared.testDescription,
        }),
      );
    }
    if (o.json) {
      io.out(
        `${JSON.stringify({
          command: "train",
          data,
          task,
          model: o.out ?? null,
          report: o.report ?? null,
          epochs: history.epoch.length,
          stoppedEarly: stopper ? stopper.stoppedEpoch > 0 : false,
          history: history.history,
          test,
          timing: { fitSeconds, totalSeconds: seconds },
        })}\n`,
      );
      return;
    }
    io.out(
      `\nTest metrics on ${prepared.testDescription}\n\n${renderMetrics(test, labels?.yTrue, labels?.yPred)}\n`,
    );
    io.out(
      `\n${history.epoch.length} epochs in ${fitSeconds.toFixed(1)} s` +
        (stopper?.stoppedEpoch
          ? ` (stopped early; weights of epoch ${stopper.bestEpoch + 1} restored)`
          : "") +
        "\n",
    );
    if (o.out) io.out(`model saved to ${o.out}\n`);
    if (o.report) io.out(`report written to ${o.report}\n`);
  } finally {
    for (const d of owned.reverse()) d.dispose();
  }
}
