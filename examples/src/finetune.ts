import { mnist } from "@tensorkit/datasets";
import { loadPretrained } from "@tensorkit/models";
import { type Module, moduleFromConfig, summary } from "@tensorkit/nn";
import { Generator, indexSelect, manualSeed, memory, type Tensor, tensor } from "@tensorkit/tensor";
import { compile, fineTune } from "@tensorkit/train";
import { assertFloor, FloorError, quickFromArgv, useBackend } from "./common.js";

/** How long to train: the example's defaults, or a short run for `pnpm example`. */
export interface FinetuneSettings {
  readonly seeds: readonly number[];
  /** Labelled training images per digit (5 digits). */
  readonly perClass: number;
  /** Phase 1 (new head on the frozen base) and phase 2 (top layer unfrozen) epochs. */
  readonly headEpochs: number;
  readonly fineTuneEpochs: number;
  /** Layers of the base unfrozen for phase 2. */
  readonly unfreezeTop: number;
  /** Learning rates of the head and of the unfrozen base layers (Adam). */
  readonly lr: number;
  readonly baseLr: number;
  /** The fine-tuned model's mean test accuracy must reach this. */
  readonly floor: number;
  /** …and beat the from-scratch mean (the documented run; one short seed is too noisy to demand it). */
  readonly mustBeatScratch: boolean;
}

/** The documented run: the figures in @tensorkit/models' README come from it. */
export const FULL: FinetuneSettings = {
  seeds: [0, 1, 2],
  perClass: 20,
  headEpochs: 20,
  fineTuneEpochs: 20,
  unfreezeTop: 2,
  lr: 0.01,
  baseLr: 0.003,
  floor: 0.9,
  mustBeatScratch: true,
};
/** One seed and half the epochs, for `pnpm example`. */
export const SHORT: FinetuneSettings = {
  ...FULL,
  seeds: [0],
  headEpochs: 10,
  fineTuneEpochs: 10,
  floor: 0.85,
  mustBeatScratch: false,
};

/** Digits 5–9 as classes 0–4. */
const DIGITS = [5, 6, 7, 8, 9];

/**
 * Transfer learning, measured. A CNN pretrained on MNIST digits 0–4 (shipped by
 * @tensorkit/models, trained with `tensorkit train`) is adapted to digits 5–9 from only
 * `perClass` labelled images per digit: a new 5-class head on the frozen base, then its top
 * layers unfrozen at a lower learning rate (`fineTune`). The same architecture trained from
 * scratch on the same images for as many epochs, with the same optimiser and learning rate, is
 * the baseline. Both are tested on every digit 5–9 of the fixed MNIST test split; the mean over
 * the seeds is reported.
 */
export async function runFinetune(settings: FinetuneSettings = FULL): Promise<{
  fineTuned: number;
  scratch: number;
  runs: { seed: number; fineTuned: number; scratch: number }[];
}> {
  // wasm unless `--backend cpu`: the FULL run took 21 s on wasm and 71 s on cpu (same figures).
  const backend = await useBackend();
  const train = await mnist({ split: "train" });
  const test = await mnist({ split: "test" });
  const [xTest, yTest] = pick(test.x, test.y, Number.POSITIVE_INFINITY, new Generator(0));
  console.log(
    `digits 5–9: ${settings.perClass} labelled images per digit to learn from; ${xTest.shape[0]} test images [${backend}]`,
  );
  const runs: { seed: number; fineTuned: number; scratch: number }[] = [];
  for (const seed of settings.seeds) {
    // A different draw of the 100 images per seed; both models see the same ones.
    const [x, y] = pick(train.x, train.y, settings.perClass, new Generator(1000 + seed));
    const epochs = settings.headEpochs + settings.fineTuneEpochs;

    manualSeed(seed);
    const pretrained = await loadPretrained("mnist-cnn-digits-0-4");
    const model = pretrained.model;
    const result = await fineTune(model, [x, y], {
      newHead: 5,
      headEpochs: settings.headEpochs,
      unfreezeTop: settings.unfreezeTop,
      fineTuneEpochs: settings.fineTuneEpochs,
      lr: settings.lr,
      baseLr: settings.baseLr,
      batchSize: 20,
      seed,
    });
    if (seed === settings.seeds[0]) console.log(summary(model, [1, 28, 28]).text);
    const fineTuned = result.trainer.evaluate(xTest, yTest).accuracy!;

    manualSeed(seed);
    const fresh = moduleFromConfig(pretrained.architecture) as unknown as Module<[Tensor], Tensor>;
    const trainer = compile(fresh, {
      optimizer: { name: "adam", lr: settings.lr }, // the head's: the same optimiser settings
      loss: "crossEntropy",
      metrics: ["accuracy"],
    });
    await trainer.fit(x, y, { epochs, batchSize: 20, seed, verbose: 0 });
    const scratch = trainer.evaluate(xTest, yTest).accuracy!;

    console.log(
      `seed ${seed}: fine-tuned ${(fineTuned * 100).toFixed(1)}%  from scratch ${(scratch * 100).toFixed(1)}%  (${epochs} epochs each)`,
    );
    runs.push({ seed, fineTuned, scratch });
    for (const d of [model, fresh, result.trainer.optimizer, trainer.optimizer, x, y]) d.dispose();
  }
  const mean = (k: "fineTuned" | "scratch") => runs.reduce((s, r) => s + r[k], 0) / runs.length;
  const out = { fineTuned: mean("fineTuned"), scratch: mean("scratch"), runs };
  console.log(
    `mean over ${runs.length} seed(s): fine-tuned ${(out.fineTuned * 100).toFixed(1)}%, from scratch ${(out.scratch * 100).toFixed(1)}%`,
  );
  for (const t of [xTest, yTest]) t.dispose();
  train.dispose();
  test.dispose();
  console.log(`live tensors after the runs: ${memory().numTensors}`);
  assertFloor("finetune", "mean fine-tuned test accuracy", out.fineTuned, settings.floor);
  if (settings.mustBeatScratch && out.fineTuned <= out.scratch)
    throw new FloorError(
      `finetune: fine-tuning (${(out.fineTuned * 100).toFixed(1)}%) did not beat training from scratch (${(out.scratch * 100).toFixed(1)}%)`,
    );
  return out;
}

/** Digits 5–9 relabelled 0–4: `perClass` of each, drawn with `generator` (all of them when infinite). */
function pick(x: Tensor, y: Tensor, perClass: number, generator: Generator): [Tensor, Tensor] {
  const labels = y.dataSync() as Int32Array;
  const byClass = DIGITS.map((): number[] => []);
  labels.forEach((l, i) => {
    byClass[DIGITS.indexOf(l)]?.push(i);
  });
  const rows: number[] = [];
  const classes: number[] = [];
  byClass.forEach((indices, c) => {
    // Fisher–Yates with the seeded generator: the same seed, the same images.
    const order = [...indices];
    for (let i = order.length - 1; i > 0; i--) {
      const j = generator.nextBelow(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order.slice(0, Math.min(order.length, perClass))) {
      rows.push(r);
      classes.push(c);
    }
  });
  const index = tensor(Int32Array.from(rows));
  const xs = indexSelect(x, 0, index);
  index.dispose();
  return [xs, tensor(Int32Array.from(classes))];
}

if (import.meta.url === `file://${process.argv[1]}`) await runFinetune(quickFromArgv() ? SHORT : FULL);
