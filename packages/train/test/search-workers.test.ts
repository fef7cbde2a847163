import { type Module, Sequential } from "@tensorkit/nn";
import type { Tensor } from "@tensorkit/tensor";
import { afterAll, describe, expect, it } from "vitest";
import {
  gridSearch,
  halvingSchedule,
  type ModelBuilder,
  mlpBuilder,
  randomSearch,
  type SearchSpace,
} from "../src/index.js";
import { workerExecutor } from "../src/node.js";
import { Halve } from "./fixtures/search-custom-layer.js";
import { irisSplit, untimed } from "./search-iris.js";

const backend = { name: "cpu", module: "@tensorkit/backend-cpu", factory: "createCpuBackend" };

describe("workers", () => {
  const data = irisSplit();
  afterAll(() => data.dispose());
  // Dropout and shuffled mini-batches: a run that drew its random numbers from shared state
  // would differ between threads.
  const space: SearchSpace = {
    hidden: [[6], [12]],
    activation: ["tanh", "relu"],
    dropout: [0.2],
    lr: [0.05],
    batchSize: [16],
    epochs: [8],
  };
  const options = { x: data.xTrain, y: data.yTrain, folds: 3, seed: 11, refit: false } as const;

  it("same seed → same table, sequentially and with 2 worker threads", async () => {
    const sequential = await gridSearch(space, options);
    const executor = workerExecutor({ workers: 2, backend });
    let order: number[] = [];
    try {
      const parallel = await gridSearch(space, {
        ...options,
        executor,
        onProgress: (e) => order.push(e.candidate * 3 + e.fold),
      });
      expect(untimed(parallel.table)).toEqual(untimed(sequential.table));
      expect(order.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      // Not a vacuous equality: the candidates and folds scored differently.
      expect(new Set(sequential.table.flatMap((r) => r.foldScores)).size).toBeGreaterThan(2);
      // The same executor (and its threads) serves a second search: with another seed, another table.
      order = [];
      const other = await gridSearch(space, { ...options, seed: 12, executor });
      expect(untimed(other.table)).not.toEqual(untimed(sequential.table));
    } finally {
      await executor.close();
    }
  }, 120_000);

  it("imports `modules` in each worker first, so custom module types rebuild there", async () => {
    // A model with a layer type of the test's own between the MLP's layers.
    const build: ModelBuilder = (p, c) =>
      new Sequential(new Halve(), mlpBuilder(p, c) as unknown as Module<[Tensor], Tensor>);
    const small = { ...options, folds: 2 };
    const sequential = await gridSearch({ hidden: [[4]], epochs: [2] }, { ...small, build });
    const bare = workerExecutor({ workers: 1, backend });
    try {
      await expect(
        gridSearch({ hidden: [[4]], epochs: [2] }, { ...small, build, executor: bare }),
      ).rejects.toThrow("Halve");
    } finally {
      await bare.close();
    }
    const withModule = workerExecutor({
      workers: 1,
      backend,
      modules: [new URL("./fixtures/search-custom-layer.ts", import.meta.url).href],
    });
    try {
      const r = await gridSearch({ hidden: [[4]], epochs: [2] }, { ...small, build, executor: withModule });
      expect(untimed(r.table)).toEqual(untimed(sequential.table));
    } finally {
      await withModule.close();
    }
  }, 120_000);

  it("a failing job rejects the search with the worker's error", async () => {
    const executor = workerExecutor({ workers: 1, backend: { ...backend, factory: "nope" } });
    try {
      await expect(gridSearch({ epochs: [1] }, { ...options, executor })).rejects.toThrow(
        "has no export 'nope' that makes a backend",
      );
    } finally {
      await executor.close();
    }
  }, 60_000);
});

describe("successive halving", () => {
  it("plans ⌈n/2ⁱ⌉ candidates per round and doubles the epochs up to the full budget", () => {
    expect(halvingSchedule(8, true).map((r) => [r.keep, r.epochs(80)])).toEqual([
      [8, 10],
      [4, 20],
      [2, 40],
      [1, 80],
    ]);
    expect(halvingSchedule(5, true).map((r) => [r.keep, r.epochs(16)])).toEqual([
      [5, 2],
      [3, 4],
      [2, 8],
      [1, 16],
    ]);
    expect(halvingSchedule(9, { factor: 3 }).map((r) => [r.keep, r.epochs(9)])).toEqual([
      [9, 1],
      [3, 3],
      [1, 9],
    ]);
    expect(halvingSchedule(4, false).map((r) => [r.keep, r.epochs(7)])).toEqual([[4, 7]]);
    expect(() => halvingSchedule(4, { factor: 1 })).toThrow("halving factor must be a number > 1, got 1");
  });

  it("keeps the better half each round, same table with workers", async () => {
    const data = irisSplit();
    const space: SearchSpace = {
      hidden: [[4], [8], [4, 4]],
      activation: ["tanh"],
      lr: { logUniform: [0.003, 0.3] },
      batchSize: [16],
      epochs: [8],
    };
    const options = {
      x: data.xTrain,
      y: data.yTrain,
      folds: 3,
      seed: 2,
      trials: 4,
      halving: true,
      refit: false,
    };
    const executor = workerExecutor({ workers: 2, backend });
    try {
      const r = await randomSearch(space, options);
      // 4 candidates: rounds of 4 (2 epochs), 2 (4 epochs), 1 (8 epochs).
      expect(r.rungs).toBe(3);
      expect(r.table.map((row) => [row.rung, row.epochBudget])).toEqual([
        [2, 8],
        [1, 4],
        [0, 2],
        [0, 2],
      ]);
      // The two dropped in round 0 scored no better than the two kept: verified from the scores
      // the two rounds measured (round 1 rescored the survivors with more epochs, so look them up
      // in a search stopped after round 0, i.e. without halving at 2 epochs).
      const first = await randomSearch({ ...space, epochs: [2] }, { ...options, halving: false });
      const kept = new Set(r.table.filter((row) => row.rung >= 1).map((row) => row.candidate));
      const round0 = first.table.map((row) => [row.candidate, row.meanScore] as const);
      const worstKept = Math.min(...round0.filter(([c]) => kept.has(c)).map(([, s]) => s));
      const bestDropped = Math.max(...round0.filter(([c]) => !kept.has(c)).map(([, s]) => s));
      expect(worstKept).toBeGreaterThanOrEqual(bestDropped);
      expect(untimed((await randomSearch(space, { ...options, executor })).table)).toEqual(untimed(r.table));
    } finally {
      await executor.close();
      data.dispose();
    }
  }, 120_000);
});
