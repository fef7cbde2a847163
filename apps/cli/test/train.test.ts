import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, runJson, tempDir } from "./helpers.js";

interface TrainJson {
  command: string;
  model: string | null;
  epochs: number;
  history: Record<string, number[]>;
  test: {
    accuracy: number;
    precision: number;
    recall: number;
    f1: number;
    confusionMatrix: number[][];
    classNames: string[];
    mse: number;
    mae: number;
    r2: number;
  };
}

describe("tensorkit train", () => {
  it("iris --seed 1 --json: test accuracy ≥ 0.93 on a stratified 30-flower split", async () => {
    const r = await runJson<TrainJson>("train", "iris", "--seed", "1", "-q");
    expect(r.command).toBe("train");
    expect(r.test.accuracy).toBeGreaterThanOrEqual(0.93);
    for (const k of ["accuracy", "precision", "recall", "f1"] as const)
      expect(r.test[k]).toBeGreaterThan(0.9);
    // Stratified: 20 % of each species' 50 flowers is exactly 10 per row of the confusion matrix.
    expect(r.test.confusionMatrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([10, 10, 10]);
    expect(r.test.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    expect(r.history.loss).toHaveLength(100);
    expect(r.history.accuracy).toHaveLength(100);
    expect(r.model).toBeNull();
  });

  it("prints the per-class report and the confusion matrix as tables", async () => {
    const r = await run("train", "iris", "--seed", "1", "--epochs", "30");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Test metrics on 30 samples (20 %, stratified)");
    expect(r.stdout).toMatch(/precision\s+recall\s+f1-score\s+support/);
    expect(r.stdout).toMatch(/macro avg/);
    expect(r.stdout).toContain("Confusion matrix (rows: true class, columns: predicted class)");
    // Progress (plain lines off a terminal) goes to stderr, so stdout stays the results.
    expect(r.stderr).toMatch(/Epoch 30\/30 - 8\/8 - /);
    expect(r.stdout).not.toContain("Epoch 1/30");
  });

  it("regression --json reports mse, mae and r2 on the original scale", async () => {
    const r = await runJson<TrainJson>("train", "regression", "-q", "--epochs", "60");
    expect(Object.keys(r.test)).toEqual(expect.arrayContaining(["mse", "mae", "r2"]));
    expect(r.test.r2).toBeGreaterThan(0.95);
    expect(r.test.mae).toBeLessThan(15);
    expect(r.history.mae).toHaveLength(60);
  });

  it("stops early with --early-stopping and a validation split, and writes a self-contained HTML report", async () => {
    const dir = tempDir();
    const report = join(dir, "report.html");
    const r = await runJson<TrainJson & { stoppedEarly: boolean }>(
      "train",
      "moons",
      "-q",
      "--epochs",
      "400",
      "--val-split",
      "0.2",
      "--early-stopping",
      "5",
      "--report",
      report,
    );
    expect(r.history.val_loss!.length).toBe(r.epochs);
    expect(r.stoppedEarly).toBe(true);
    expect(r.epochs).toBeLessThan(400);
    const html = readFileSync(report, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect((html.match(/<svg /g) ?? []).length).toBe(3); // loss, accuracy, confusion matrix
    expect(html).toContain("val_loss");
    // No external assets: no scripts, no src/href attributes, no URLs except SVG's namespace.
    expect(html).not.toMatch(/<script|\ssrc=|\shref=|<link/);
    expect(html.replaceAll("http://www.w3.org/2000/svg", "")).not.toMatch(/https?:\/\//);
  });

  it("trains the LSTM on sequences and the CNN on images (a few digits, one epoch)", async () => {
    const lstm = await runJson<TrainJson>(
      "train",
      "mnist",
      "--model",
      "lstm",
      "--limit",
      "200",
      "--epochs",
      "1",
      "-q",
    );
    expect(lstm.test.confusionMatrix).toHaveLength(10);
    const cnn = await runJson<TrainJson>(
      "train",
      "mnist",
      "--model",
      "cnn",
      "--limit",
      "100",
      "--epochs",
      "1",
      "-q",
    );
    expect(cnn.history.loss).toHaveLength(1);
    const r = await run("train", "iris", "--model", "cnn", "-q");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "tensorkit: --model cnn needs images [channels, height, width] (mnist); this data has samples of shape [4]\n",
    );
  });

  it("mnist --model mlp --epochs 10: 784-128-64-10, Adam 1e-3, batch 64 reaches ≥ 0.94 on the fixed 2,000-digit test split", async () => {
    const r = await runJson<TrainJson & { timing: { fitSeconds: number } }>(
      "train",
      "mnist",
      "--model",
      "mlp",
      "--epochs",
      "10",
      "-q",
    );
    console.log(
      `mnist mlp: test accuracy ${r.test.accuracy} after ${r.timing.fitSeconds.toFixed(1)} s of fit`,
    );
    expect(r.test.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(2000);
    expect(r.test.accuracy).toBeGreaterThanOrEqual(0.94);
  }, 300_000);
});
