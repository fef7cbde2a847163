import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { noGrad } from "@tensorkit/autograd";
import { TextVectorizer } from "@tensorkit/data";
import { spamAssassin } from "@tensorkit/datasets";
import { classificationReport, f1 } from "@tensorkit/metrics";
import { dense, dropout, type Module, sequenceEncoder, sequential } from "@tensorkit/nn";
import { argmax, manualSeed, type Tensor } from "@tensorkit/tensor";
import { compile } from "@tensorkit/train";
import { loadModel, saveModel } from "@tensorkit/train/node";
import { assertFloor, quickFromArgv, type RunOptions, seconds, useBackend } from "./common.js";

/** The documented setting and the short one CI runs. */
const SETTINGS = {
  full: { train: undefined, test: undefined, length: 100, epochs: 3, floor: 0.9 },
  quick: { train: 800, test: 300, length: 48, epochs: 3, floor: 0.75 },
} as const;

/** Macro-averaged F1 and the F1 of the spam class. */
function scores(yTrue: number[], yPred: number[]) {
  return {
    macroF1: f1(yTrue, yPred, { average: "macro", labels: [0, 1], zeroDivision: 0 }),
    spamF1: f1(yTrue, yPred, { average: "binary", posLabel: 1, zeroDivision: 0 }),
  };
}

/**
 * Text classification on a real corpus: ham or spam on the SpamAssassin public corpus (subject
 * and body text). A `TextVectorizer` (lower-case, punctuation stripped, the 10,000 most frequent
 * training words, `[UNK]` for the rest, 0-padded to a fixed length) feeds an Embedding and a
 * bidirectional LSTM that reads each message only up to its length; a dense layer classifies its
 * final states. Reported against the majority-class baseline, which always says "ham".
 */
export async function trainText(
  options: RunOptions = {},
): Promise<{ macroF1: number; baselineMacroF1: number }> {
  const s = options.quick ? SETTINGS.quick : SETTINGS.full;
  const backend = await useBackend();
  manualSeed(11);
  const started = performance.now();
  const train = await spamAssassin({ split: "train", ...(s.train ? { size: s.train } : {}) });
  const test = await spamAssassin({ split: "test", ...(s.test ? { size: s.test } : {}) });

  const vectorizer = new TextVectorizer({ maxTokens: 10000, outputSequenceLength: s.length });
  const xTrain = vectorizer.fitTransform(train.texts);
  const xTest = vectorizer.transform(test.texts);
  const unknown = (xTest.dataSync() as Int32Array).filter((id) => id === 1).length;
  console.log(
    `text: ${train.texts.length} training e-mails, vocabulary ${vectorizer.vocabularySize} (with padding and [UNK]), ` +
      `${s.length} tokens each; ${unknown} test tokens out of vocabulary; ${backend}${options.quick ? " (quick setting)" : ""}`,
  );

  const model = sequential([
    sequenceEncoder(vectorizer.vocabularySize, 32, 32, { bidirectional: true, inputShape: [s.length] }),
    dropout(0.3),
    dense(2),
  ]);
  const trainer = compile(model, {
    optimizer: { name: "adam", lr: 0.003 },
    loss: "crossEntropy",
    metrics: ["accuracy"],
  });
  await trainer.fit(xTrain, train.y, { epochs: s.epochs, batchSize: 32, seed: 3, verbose: 2 });

  const yTrue = Array.from(test.y.dataSync() as ArrayLike<number>);
  const yPred = predictLabels(model, xTest);
  const trainLabels = train.y.dataSync() as ArrayLike<number>;
  const spamShare = Array.from(trainLabels).filter((v) => v === 1).length / trainLabels.length;
  const majority = spamShare > 0.5 ? 1 : 0;
  const model_ = scores(yTrue, yPred);
  const baseline = scores(
    yTrue,
    yTrue.map(() => majority),
  );
  console.log(`\ntext: test set of ${yTrue.length} e-mails (${seconds(started)} s)`);
  console.log(classificationReport(yTrue, yPred, { targetNames: [...test.classNames], digits: 3 }).text);
  console.log(
    `              macro F1   spam F1\nbiLSTM          ${model_.macroF1.toFixed(3)}     ${model_.spamF1.toFixed(3)}\n` +
      `majority class  ${baseline.macroF1.toFixed(3)}     ${baseline.spamF1.toFixed(3)}   (always "${test.classNames[majority]}")`,
  );

  // The vectorizer is saved inside the model file and reused on load: no separate vocabulary file.
  const dir = mkdtempSync(join(tmpdir(), "tensorkit-text-"));
  try {
    const file = join(dir, "spam.safetensors");
    await saveModel(file, trainer, { preprocessing: vectorizer, classNames: [...test.classNames] });
    const loaded = await loadModel(file);
    const tv = loaded.preprocessing as TextVectorizer;
    const messages = [
      "Re: patch for the build\n\nThanks, I applied it to CVS and the tests pass now.",
      "FREE money!!!\n\nClick here to claim your prize, limited time offer, reply to unsubscribe",
    ];
    const ids = tv.transform(messages);
    const labels = predictLabels(loaded.model, ids);
    ids.dispose();
    messages.forEach((m, i) => {
      console.log(`reloaded model: ${loaded.classNames![labels[i]!]} ← ${JSON.stringify(m.split("\n")[0])}`);
    });
    loaded.model.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The same e-mails as a CSV, for the no-code path: `tensorkit train … --model lstm --text text`.
  const outDir = join(tmpdir(), "tensorkit-examples");
  mkdirSync(outDir, { recursive: true });
  const csv = join(outDir, "spam.csv");
  const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const labelsOf = (d: typeof train) =>
    Array.from(d.y.dataSync() as ArrayLike<number>, (v) => d.classNames[v]!);
  const rows = [train, test].flatMap((d) => labelsOf(d).map((label, i) => `${quote(d.texts[i]!)},${label}`));
  writeFileSync(csv, `text,label\n${rows.join("\n")}\n`);
  console.log(
    `\nthe same e-mails as ${csv}; train and use the same kind of model with no code:\n` +
      `  pnpm tensorkit train ${csv} --model lstm --text text --target label --test-split 0.2 --out spam.safetensors\n` +
      `  pnpm tensorkit predict spam.safetensors ${csv}`,
  );

  for (const t of [xTrain, xTest]) t.dispose();
  train.dispose();
  test.dispose();
  model.dispose();
  trainer.optimizer.dispose();
  assertFloor("text", "macro F1", model_.macroF1, s.floor);
  // "Clearly beats the baseline": at least 0.3 of macro F1 above always predicting the majority.
  assertFloor("text", "macro F1 − majority-class macro F1", model_.macroF1 - baseline.macroF1, 0.3);
  return { macroF1: model_.macroF1, baselineMacroF1: baseline.macroF1 };
}

/** Class indices of a classifier's logits, in evaluation mode. */
function predictLabels(model: Module<[Tensor], Tensor>, x: Tensor): number[] {
  model.eval();
  const logits = noGrad(() => model.call(x));
  const labels = argmax(logits, -1);
  const out = Array.from(labels.dataSync() as ArrayLike<number>);
  logits.dispose();
  labels.dispose();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await trainText({ quick: quickFromArgv() });
