// Every code sample on the site comes from examples/: this runs each one and checks its results
// against values worked out by hand (or by the definition of the quantity), so the docs never rot.
import { ColumnTransformer } from "@tensorkit/data";
import { describe, expect, it } from "vitest";

const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

describe("docs examples", () => {
  it("backends: wasm with two threads shares a large matmul between them", async () => {
    const e = await import("../examples/wasm-threads.js");
    expect(e.wasm.threads).toBe(2);
    expect(e.wasm.threadRounds).toBe(1); // the one product, split in one round
    expect(Number.isFinite(e.product)).toBe(true);
  });

  it("tensor: broadcasting, views, tidy and errors", async () => {
    const e = await import("../examples/tensor.js");
    expect(e.sum.toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(e.t.shape).toEqual([3, 2]);
    // x·xᵀ for rows (1,2,3) and (4,5,6): 14, 32, 77
    expect(e.gram.toArray()).toEqual([
      [14, 32],
      [32, 77],
    ]);
    expect(e.counts.dtype).toBe("int32");
    expect(e.total.item()).toBe(91); // 1+4+9+16+25+36
    expect(e.message).toMatch(/add/);
    expect(e.message).toMatch(/\[2,\s?3\]/);
    expect(e.message).toMatch(/\[4\]/);
  });

  it("autograd: backward, grad, valueAndGrad, gradCheck", async () => {
    const e = await import("../examples/autograd.js");
    // xw − y = [1·0.5−2·0.5−1, 3·0.5−4·0.5−2] = [−1.5, −2.5]; grad = 2/2 · xᵀ r = [−1.5−7.5, −3−10]
    const g = e.w.grad!.toArray() as number[][];
    expect(g[0]![0]).toBeCloseTo(-9, 5);
    expect(g[1]![0]).toBeCloseTo(-13, 5);
    expect(e.loss.item()).toBeCloseTo((1.5 ** 2 + 2.5 ** 2) / 2, 5);
    const d = e.dsin.toArray() as number[];
    expect(d[0]).toBeCloseTo(1, 6);
    expect(d[1]).toBeCloseTo(0, 6);
    expect(e.value.item()).toBe(9);
    expect(e.dsquare.toArray()).toEqual([6]);
    expect(e.frozen.requiresGrad).toBe(false);
    expect(e.report.ok).toBe(true);
  });

  it("nn: a Module subclass with PyTorch's names, and a Keras-style model", async () => {
    const e = await import("../examples/nn.js");
    expect(Object.keys(e.net.stateDict()).sort()).toEqual([
      "fc1.bias",
      "fc1.weight",
      "fc2.bias",
      "fc2.weight",
    ]);
    expect(e.net.fc1.weight.grad!.shape).toEqual([8, 4]);
    expect(e.logits.shape).toEqual([5, 3]);
    // 4·16+16 + 16·3+3 parameters
    expect(e.model.summary().text).toMatch(/131/);
  });

  it("optim: Adam recovers the line's coefficients; parameter groups keep their rates", async () => {
    const e = await import("../examples/optim.js");
    const w = e.w.toArray() as number[][];
    expect(near(w[0]![0]!, 2, 0.02) && near(w[1]![0]!, -3, 0.02)).toBe(true);
    expect(near((e.b.toArray() as number[])[0]!, 1, 0.02)).toBe(true);
    expect(e.sgd.paramGroups.map((g) => g.lr)).toEqual([0.001, 0.1]);
  });

  it("data: imputation, scaling and one-hot columns; batches", async () => {
    const e = await import("../examples/data.js");
    expect(e.xTrain.shape).toEqual([7, 7]);
    expect(e.xTest.shape).toEqual([3, 7]);
    // standardised columns of the training rows have mean 0
    const cols = e.xTrain.toArray() as number[][];
    for (const c of [0, 1]) expect(Math.abs(cols.reduce((s, r) => s + r[c]!, 0) / 7)).toBeLessThan(1e-5);
    // one-hot: each row has exactly one sex and one class
    for (const r of cols) expect(r.slice(2).reduce((s, v) => s + v, 0)).toBe(2);
    expect(e.batchSizes).toEqual([4, 3]);
    // the saved transformer reloads with the fitted statistics: it transforms rows as the original does
    const reloaded = ColumnTransformer.fromJSON(JSON.parse(e.saved));
    const [again, original] = [reloaded.transform(e.table), e.features.transform(e.table)];
    expect(again.toArray()).toEqual(original.toArray());
    again.dispose();
    original.dispose();
  });

  it("metrics: the hand-counted scores of six predictions", async () => {
    const e = await import("../examples/metrics.js");
    expect(e.acc).toBeCloseTo(5 / 6, 12);
    expect(e.matrix).toEqual([
      [2, 0, 0],
      [0, 2, 0],
      [0, 1, 1],
    ]);
    // precision per class: 1, 2/3, 1 → macro 8/9; recall: 1, 1, 1/2 → 5/6
    expect(e.macro.precision).toBeCloseTo(8 / 9, 12);
    expect(e.macro.recall).toBeCloseTo(5 / 6, 12);
    expect(e.streamed).toBeCloseTo(5 / 6, 12);
    expect(e.auc).toBeGreaterThan(0.5);
  });

  it("train: fit with validation and early stopping; a saved model predicts the same", async () => {
    const e = await import("../examples/train.js");
    const epochs = e.history.epoch.length;
    expect(epochs).toBeLessThan(200); // early stopping ended it
    expect(e.valLosses.length).toBe(epochs);
    // restoreBestWeights: the model now has the weights of the best validation epoch
    const best = Math.min(...e.valLosses);
    expect(e.trainer.evaluate(e.val.x, e.val.y).loss!).toBeCloseTo(best, 5);
    expect(e.trainer.evaluate(e.val.x, e.val.y).accuracy!).toBeGreaterThan(0.9);
    expect(e.again.toArray()).toEqual(e.trainer.predict(e.val.x).toArray());
    expect(e.loaded.classNames).toEqual(["upper", "lower"]);
  });

  it("datasets: shapes and class names", async () => {
    const e = await import("../examples/datasets.js");
    expect(e.flowers.x.shape).toEqual([150, 4]);
    expect(e.flowers.classNames.length).toBe(3);
    expect(e.m.x.shape).toEqual([200, 2]);
    expect(e.arms.x.shape).toEqual([300, 2]);
    expect(e.digits.x.shape).toEqual([100, 1, 28, 28]);
  });

  it("umbrella: ready() picks a backend; relu of a matmul", async () => {
    const e = await import("../examples/umbrella.js");
    expect(["cpu", "wasm"]).toContain(e.backend);
    expect(e.b.toArray()).toEqual([[0], [0]]);
  });
});

describe("docs workflow examples (Iris, moons, blobs)", () => {
  it("preprocess: a stratified 120/30 split, standardised on the training part", async () => {
    const e = await import("../examples/workflow/preprocess.js");
    expect(e.xTrain.shape).toEqual([120, 4]);
    expect(e.xTest.shape).toEqual([30, 4]);
    const counts = [0, 0, 0];
    for (const c of e.yTest.toArray() as number[]) counts[c]!++;
    expect(counts).toEqual([10, 10, 10]);
    const means = (e.xTrain.mean(0).toArray() as number[]).map(Math.abs);
    expect(Math.max(...means)).toBeLessThan(1e-5);
  });

  it("choose a model: output shapes of the MLP, the CNN and the LSTM", async () => {
    const e = await import("../examples/workflow/choose-a-model.js");
    const { randn } = await import("@tensorkit/tensor");
    expect(e.mlp().call(randn([2, 4])).shape).toEqual([2, 3]);
    expect(e.cnn.call(randn([2, 1, 28, 28])).shape).toEqual([2, 10]);
    expect(e.rnn.call(randn([2, 20, 3])).shape).toEqual([2, 1]);
  });

  it("train and evaluate: Iris reaches ≥ 90 % on the held-out test part", async () => {
    const t = await import("../examples/workflow/train.js");
    expect(t.history.epoch.length).toBe(60);
    expect(t.history.last("val_accuracy")).toBeGreaterThan(0.8);
    const e = await import("../examples/workflow/evaluate.js");
    expect(e.scores.accuracy).toBeGreaterThanOrEqual(0.9);
    // the confusion matrix counts every test sample once, 10 per species
    expect(e.matrix.map((row) => row.reduce((s, v) => s + v, 0))).toEqual([10, 10, 10]);
    const diagonal = e.matrix.reduce((s, row, i) => s + row[i]!, 0);
    expect(diagonal / 30).toBeCloseTo(e.scores.accuracy!, 10);
  });

  it("overfitting: regularisation lowers the validation loss of an over-fitting network", async () => {
    const e = await import("../examples/workflow/overfitting.js");
    const trainLoss = e.plain.history.history.loss!.at(-1)!;
    expect(trainLoss).toBeLessThan(e.plain.val.loss! / 2); // the plain network over-fits
    expect(e.regularised.val.loss!).toBeLessThan(e.plain.val.loss!);
  });

  it("fine-tune: frozen body unchanged, head trained, accuracy up on the new task", async () => {
    const e = await import("../examples/workflow/fine-tune.js");
    const { deserializeModel } = await import("@tensorkit/train");
    const original = deserializeModel(e.file).model.stateDict();
    const tuned = e.model.stateDict();
    // layers 0 and 2 are the frozen Linear layers (1 and 3 are their ReLUs), 4 the head
    for (const key of ["0.weight", "0.bias", "2.weight", "2.bias"])
      expect(tuned[key]!.toArray()).toEqual(original[key]!.toArray());
    expect(tuned["4.weight"]!.toArray()).not.toEqual(original["4.weight"]!.toArray());
    expect(e.after.accuracy!).toBeGreaterThan(e.before.accuracy!);
  });
});
