import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PRETRAINED, type PretrainedName, pretrainedUrl } from "@tensorkit/models";
import type { JsonValue, Module } from "@tensorkit/nn";
import { headPath, Linear } from "@tensorkit/nn";
import { manualSeed } from "@tensorkit/tensor";
import { type Callback, type FineTunePhase, fineTune, type OptimizerName } from "@tensorkit/train";
import { loadModel } from "@tensorkit/train/node";
import { InvalidArgumentError } from "commander";
import { useBackend } from "../backend.js";
import { classSelection, selectClasses } from "../class-filter.js";
import { type DataInfo, prepare, type Task } from "../data.js";
import { CliError } from "../errors.js";
import { renderMetrics } from "../evaluation.js";
import type { Io } from "../io.js";
import { saveCliModel } from "../model-file.js";
import { testMetrics } from "../test-metrics.js";

export interface FinetuneOptions {
  freeze: "all" | number;
  newHead?: number;
  unfreezeTop: number;
  epochs: number;
  fineTuneEpochs?: number;
  lr?: number;
  baseLr?: number;
  batchSize: number;
  optimizer: OptimizerName;
  target?: string;
  testSplit: number;
  classes?: string[];
  perClass?: number;
  limit?: number;
  seed: number;
  backend: string;
  out?: string;
  json: boolean;
  quiet: boolean;
}

/** `--freeze all` or `--freeze N` (the first N layers with weights). */
export function freezeOption(value: string): "all" | number {
  if (value === "all") return "all";
  if (/^\d+$/.test(value.trim())) return Number(value);
  throw new InvalidArgumentError(`expected "all" or a number of layers, got "${value}"`);
}

/**
 * `tensorkit finetune <pretrained> <data>`: the transfer-learning recipe of `fineTune` from the
 * terminal. A new head replaces the model's when the data's classes differ from the model's
 * (or `--new-head` says so); the base is frozen (`--freeze`), the head trains for `--epochs`,
 * then `--unfreeze-top N` layers train `--fine-tune-epochs` more at `--base-lr`. Prints the same
 * test-metric tables as `train`.
 */
export async function finetune(
  pretrainedPath: string,
  data: string,
  o: FinetuneOptions,
  io: Io,
): Promise<void> {
  await useBackend(o.backend);
  const note = (line: string) => {
    if (!o.quiet) io.err(`${line}\n`);
  };
  const started = performance.now();
  const loaded = await loadModel(resolvePretrained(pretrainedPath));
  const model = loaded.model;
  const owned: { dispose(): void }[] = [model];
  try {
    const savedInfo = loaded.metadata.cli as unknown as DataInfo | undefined;
    const savedShape = savedInfo?.inputShape;
    const prepared = selectClasses(
      await prepare(data, {
        ...(o.target === undefined ? {} : { target: o.target }),
        testSplit: o.testSplit,
        seed: o.seed,
        ...(o.limit === undefined ? {} : { limit: o.limit }),
        // A recurrent model reads samples as [time, features], as `train --model lstm` saved it.
        sequence: savedShape?.length === 2,
      }),
      classSelection(o),
    );
    owned.push(prepared);
    for (const n of prepared.notes) note(`note: ${n}`);
    const { xTrain, yTrain, xTest, task } = prepared;
    const shape = xTest.shape.slice(1);
    if (savedShape && savedShape.join(",") !== shape.join(","))
      throw new CliError(
        `${pretrainedPath} takes samples of shape [${savedShape.join(",")}], but ${data} has samples of shape [${shape.join(",")}]`,
      );

    const path = headPath(model as unknown as Module<never[], unknown>);
    const head = model.getSubmodule(path);
    const outputs = head instanceof Linear ? head.outFeatures : undefined;
    const savedClasses = (loaded.classNames ?? []).map(String);
    const sameClasses =
      task === "classification" && savedClasses.join("\u0000") === prepared.classNames.join("\u0000");
    if (o.newHead !== undefined && o.newHead !== prepared.nOutputs)
      throw new CliError(
        `--new-head ${o.newHead}: the data has ${prepared.nOutputs} ${task === "classification" ? `classes (${prepared.classNames.join(", ")})` : "outputs"}`,
      );
    const replace =
      o.newHead !== undefined || outputs !== prepared.nOutputs || (task === "classification" && !sameClasses);
    if (replace)
      note(
        `a new ${prepared.nOutputs}-output head replaces the model's head (${path}${outputs === undefined ? "" : `, ${outputs} outputs`}${
          savedClasses.length ? `: classes ${savedClasses.join(",")}` : ""
        })`,
      );
    note(
      `fine-tuning ${pretrainedPath} on ${data}: ${xTrain.shape[0]} samples, freeze ${o.freeze}, ${o.epochs} head epochs` +
        (o.unfreezeTop > 0
          ? `, then the top ${o.unfreezeTop} layers for ${o.fineTuneEpochs ?? o.epochs} epochs`
          : ""),
    );
    const progress: Callback = {
      onEpochEnd(epoch, logs) {
        const parts = Object.entries(logs).map(([k, v]) => `${k} ${v.toFixed(4)}`);
        note(`epoch ${epoch + 1}: ${parts.join(", ")}`);
      },
    };

    manualSeed(o.seed);
    const fitStart = performance.now();
    const result = await fineTune(model, [xTrain, yTrain], {
      ...(replace ? { newHead: prepared.nOutputs } : {}),
      headPath: path,
      freeze: o.freeze,
      headEpochs: o.epochs,
      unfreezeTop: o.unfreezeTop,
      ...(o.fineTuneEpochs === undefined ? {} : { fineTuneEpochs: o.fineTuneEpochs }),
      ...(o.lr === undefined ? {} : { lr: o.lr }),
      ...(o.baseLr === undefined ? {} : { baseLr: o.baseLr }),
      optimizer: o.optimizer,
      loss: lossFor(task),
      metrics: task === "classification" ? ["accuracy"] : ["mae"],
      batchSize: o.batchSize,
      seed: o.seed,
      callbacks: o.quiet ? [] : [progress],
    });
    owned.push(result.trainer.optimizer);
    const fitSeconds = (performance.now() - fitStart) / 1000;
    const { test, labels, dispose } = testMetrics(model, prepared);
    owned.push({ dispose });

    const phases = result.phases.map(describePhase);
    if (o.out)
      await saveCliModel(o.out, result.trainer, prepared, {
        trainedOn: data,
        fineTunedFrom: pretrainedPath,
        seed: o.seed,
        phases: phases as unknown as JsonValue,
        test: JSON.parse(JSON.stringify(test)),
      });
    const seconds = (performance.now() - started) / 1000;
    if (o.json) {
      io.out(
        `${JSON.stringify({
          command: "finetune",
          pretrained: pretrainedPath,
          data,
          task,
          newHead: replace ? prepared.nOutputs : null,
          headPath: path,
          phases,
          model: o.out ?? null,
          epochs: result.history.epoch.length,
          history: result.history.history,
          test,
          timing: { fitSeconds, totalSeconds: seconds },
        })}\n`,
      );
      return;
    }
    io.out(
      `\nTest metrics on ${prepared.testDescription}\n\n${renderMetrics(test, labels?.yTrue, labels?.yPred)}\n\n`,
    );
    for (const p of phases)
      io.out(
        `${p.phase === "head" ? "phase 1 (head)" : "phase 2 (fine-tune)"}: ${p.epochs} epochs, ${p.trainableParams.toLocaleString("en-US")} trainable parameters in layers ${p.trainableLayers.join(", ")}\n`,
      );
    io.out(`${result.history.epoch.length} epochs in ${fitSeconds.toFixed(1)} s\n`);
    if (o.out) io.out(`model saved to ${o.out}\n`);
  } finally {
    for (const d of owned.reverse()) d.dispose();
  }
}

/** A model file, or the name of a model @tensorkit/models ships (when no file has that name). */
function resolvePretrained(arg: string): string {
  if (existsSync(arg) || !Object.hasOwn(PRETRAINED, arg)) return arg;
  return fileURLToPath(pretrainedUrl(arg as PretrainedName));
}

function lossFor(task: Task) {
  return task === "classification" ? ("crossEntropy" as const) : ("mse" as const);
}

function describePhase(p: FineTunePhase): FineTunePhase {
  return { ...p, trainableLayers: [...p.trainableLayers] };
}
