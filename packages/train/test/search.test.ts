import { tensor } from "@tensorkit/tensor";
import { afterAll, describe, expect, it } from "vitest";
import { gridSearch, type SearchResult } from "../src/index.js";
import { irisSplit, untimed } from "./search-iris.js";

// Small on purpose: 4 candidates × 5 folds on 120 rows, a few seconds on one core.
const SPACE = {
  hidden: [[8], [16, 8]],
  activation: ["relu", "tanh"],
  lr: [0.05],
  batchSize: [16],
  epochs: [25],
} as const;

describe("gridSearch on Iris, 5-fold stratified", () => {
  const data = irisSplit();
  const results: SearchResult[] = [];
  afterAll(() => {
    for (const r of results) r.dispose();
    data.dispose();
  });
  const run = async (yTest = data.yTest) => {
    const r = await gridSearch(SPACE, {
      x: data.xTrain,
      y: data.yTrain,
      testData: [data.xTest, yTest],
      folds: 5,
      seed: 3,
    });
    results.push(r);
    return r;
  };

  it("ranks every candidate, and its best CV score is the mean of the fold scores it lists", async () => {
    const r = await run();
    expect(r.table).toHaveLength(4);
    expect(r.table.map((row) => row.rank)).toEqual([1, 2, 3, 4]);
    // Every combination of the grid appears once.
    const keys = r.table.map((row) => `${row.params.hidden.join("-")}/${row.params.activation}`).sort();
    expect(keys).toEqual(["16-8/relu", "16-8/tanh", "8/relu", "8/tanh"]);
    for (const row of r.table) {
      expect(row.foldScores).toHaveLength(5);
      // Mean and population std computed here by hand from the listed scores.
      const [a, b, c, d, e] = row.foldScores as [number, number, number, number, number];
      const mean = (a + b + c + d + e) / 5;
      const std = Math.sqrt(
        ((a - mean) ** 2 + (b - mean) ** 2 + (c - mean) ** 2 + (d - mean) ** 2 + (e - mean) ** 2) / 5,
      );
      expect(row.meanScore).toBeCloseTo(mean, 12);
      expect(row.stdScore).toBeCloseTo(std, 12);
      // Accuracy on a held-out fold of 24 rows is a count of hits over 24.
      for (const s of row.foldScores) expect(Math.abs(s * 24 - Math.round(s * 24))).toBeLessThan(1e-9);
    }
    expect(r.bestScore).toBe(r.table[0]!.meanScore);
    for (let i = 1; i < 4; i++)
      expect(r.table[i - 1]!.meanScore).toBeGreaterThanOrEqual(r.table[i]!.meanScore);
    // A working network separates Iris well; a broken one would sit near 1/3.
    expect(r.bestScore).toBeGreaterThan(0.85);
    // The test score is reported apart from the CV scores, measured on the 30 test rows.
    expect(r.testScore).not.toBeNull();
    expect(Math.abs(r.testScore! * 30 - Math.round(r.testScore! * 30))).toBeLessThan(1e-9);
    expect(r.testLogs).toMatchObject({ accuracy: r.testScore });
  }, 60_000);

  it("makes stratified folds of the training part only: 8 of each class held out per fold, each row held out once", async () => {
    const r = results[0] ?? (await run());
    const labels = Array.from(data.yTrain.dataSync() as Int32Array);
    const heldOut = new Array<number>(labels.length).fill(0);
    for (const [fit, score] of r.foldIndices) {
      expect(fit.length + score.length).toBe(120);
      const perClass = [0, 0, 0];
      for (const i of score) {
        perClass[labels[i]!]!++;
        heldOut[i]!++;
      }
      expect(perClass).toEqual([8, 8, 8]);
      expect(new Set([...fit, ...score]).size).toBe(120);
    }
    expect(heldOut.every((n) => n === 1)).toBe(true);
  });

  it("never sees the test part: poisoned test labels change the test score and nothing else", async () => {
    const clean = results[0] ?? (await run());
    const poisoned = tensor(Int32Array.from(data.yTest.dataSync() as Int32Array, (v) => (v + 1) % 3));
    try {
      const r = await run(poisoned);
      expect(untimed(r.table)).toEqual(untimed(clean.table));
      expect(r.foldIndices).toEqual(clean.foldIndices);
      expect(r.bestParams).toEqual(clean.bestParams);
      // The same refitted model, scored against labels that are all wrong now.
      expect(r.testScore).not.toBe(clean.testScore);
      expect(r.testScore! + clean.testScore!).toBeLessThanOrEqual(1 + 1e-9);
    } finally {
      poisoned.dispose();
    }
  }, 60_000);

  it("exports the table as CSV, one line per candidate in rank order, and as JSON", async () => {
    const r = results[0] ?? (await run());
    const lines = r.toCSV().trimEnd().split("\n");
    expect(lines[0]).toBe(
      "rank,candidate,hidden,activation,dropout,l2,optimizer,lr,batchSize,epochs,patience,mean_accuracy,std_accuracy,fold0,fold1,fold2,fold3,fold4,fit_seconds,epoch_budget,rung",
    );
    expect(lines).toHaveLength(5);
    const best = lines[1]!.split(",");
    expect(best[0]).toBe("1");
    expect(best[2]).toBe(r.best.params.hidden.join("-"));
    expect(Number(best[11])).toBe(r.best.meanScore);
    const json = JSON.parse(JSON.stringify(r));
    expect(json.best.meanScore).toBe(r.bestScore);
    expect(json.table).toHaveLength(4);
    expect(json.testScore).toBe(r.testScore);
  });
});
