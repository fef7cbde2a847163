import { memory, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  type CandidateParams,
  gridSearch,
  type ModelBuilder,
  mlpBuilder,
  randomSearch,
  type SearchSpace,
  SearchSpaceError,
  validateSearchSpace,
} from "../src/index.js";
import "./helpers.js";

const x = tensor([[0], [1], [2], [3], [4], [5]]);
const y = tensor(Int32Array.from([0, 1, 0, 1, 0, 1]));

/** Runs a search whose builder and progress callback record whether anything was built or trained. */
async function attempt(space: unknown, kind: "grid" | "random" = "grid") {
  let built = 0;
  let progressed = 0;
  const build: ModelBuilder = (p, c) => {
    built++;
    return mlpBuilder(p, c);
  };
  const options = { x, y, folds: 2, build, onProgress: () => progressed++, trials: 2 };
  const error = await (kind === "grid"
    ? gridSearch(space as SearchSpace, options)
    : randomSearch(space as SearchSpace, options)
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, built, progressed };
}

describe("search space validation, before any model is built or trained", () => {
  it.each([
    [{ activation: ["relu", "rellu"] }, "activation[1]", "unknown activation 'rellu'"],
    [{ hidden: [[8], [16, -4]] }, "hidden[1]", "width -4 at position 1 must be a positive integer"],
    [{ hidden: [[8], [2.5]] }, "hidden[1]", "width 2.5"],
    [{ hidden: [8] }, "hidden[0]", "must be a list of layer widths"],
    [{ dropout: [0, 1] }, "dropout[1]", "must be in [0, 1), got 1"],
    [{ lr: [0.1, -0.01] }, "lr[1]", "must be a number > 0"],
    [{ l2: [-1] }, "l2[0]", "≥ 0"],
    [{ optimizer: ["adam", "adamm"] }, "optimizer[1]", "unknown optimizer 'adamm'"],
    [{ batchSize: [0] }, "batchSize[0]", "positive integer"],
    [{ epochs: [10, 2.5] }, "epochs[1]", "positive integer"],
    [{ patience: [null, -2] }, "patience[1]", "positive integer"],
    [{ activation: [] }, "activation", "empty list"],
    [{ activations: ["relu"] }, "activations", "unknown entry"],
    [{ lr: { logUniform: [1e-3, 1e-1] } }, "lr", "a grid search needs a list of choices"],
  ])("grid %j fails naming %s", async (space, entry, text) => {
    const { error, built, progressed } = await attempt(space);
    expect(error).toBeInstanceOf(SearchSpaceError);
    expect((error as SearchSpaceError).entry).toBe(entry);
    expect((error as Error).message).toContain(`search space: ${entry}: `);
    expect((error as Error).message).toContain(text);
    expect(built).toBe(0);
    expect(progressed).toBe(0);
  });

  it.each([
    [{ lr: { logUniform: [0, 1] } }, "lr.logUniform", "low > 0"],
    [{ lr: { uniform: [0.1, 0.01] } }, "lr.uniform", "low < high"],
    [{ dropout: { uniform: [0, 1.5] } }, "dropout.uniform[1]", "must be in [0, 1)"],
    [{ epochs: { uniform: [1, 10] } }, "epochs.uniform", "use randint"],
    [{ lr: { randint: [1, 3] } }, "lr.randint", "use uniform or logUniform"],
    [{ hidden: { randint: [1, 3] } }, "hidden", "must be a list of choices"],
    [{ batchSize: { randint: [0, 8] } }, "batchSize.randint[0]", "positive integer"],
  ])("random %j fails naming %s", async (space, entry, text) => {
    const { error, built } = await attempt(space, "random");
    expect(error).toBeInstanceOf(SearchSpaceError);
    expect((error as SearchSpaceError).entry).toBe(entry);
    expect((error as Error).message).toContain(text);
    expect(built).toBe(0);
  });

  it("accepts a distribution's open upper end (dropout uniform in [0, 1))", async () => {
    const space: SearchSpace = { dropout: { uniform: [0, 1] }, epochs: [1] };
    const { error } = await attempt(space, "random");
    expect(error).toBeUndefined();
  }, 30_000);

  it("validateSearchSpace checks a space on its own, as each search mode would", () => {
    expect(() => validateSearchSpace({ hidden: [[0]] }, "random")).toThrow(SearchSpaceError);
    expect(() => validateSearchSpace({ lr: { logUniform: [1e-3, 1e-1] } }, "grid")).toThrow(
      "search space: lr: a grid search needs a list of choices",
    );
    expect(() => validateSearchSpace({ lr: { logUniform: [1e-3, 1e-1] } }, "random")).not.toThrow();
  });

  it("rejects bad options before training", async () => {
    await expect(gridSearch({}, { x, y, folds: 1 })).rejects.toThrow("folds must be an integer ≥ 2, got 1");
    await expect(randomSearch({}, { x, y, trials: 0 })).rejects.toThrow("trials must be a positive integer");
    await expect(gridSearch({}, { x, y: tensor(Int32Array.from([0, 1])) })).rejects.toThrow(
      "inputs [6,1] and targets [2] must have the same number of samples",
    );
  });
});

describe("candidates", () => {
  /** Search options that record the candidates a search builds, without training any. */
  function recorder() {
    const seen: CandidateParams[] = [];
    const options = {
      x,
      y,
      folds: 2,
      refit: false,
      build: ((p, c) => {
        seen.push(p);
        return mlpBuilder(p, c);
      }) satisfies ModelBuilder,
      executor: { run: async () => [], close: async () => {} },
    };
    return { seen, options };
  }

  it("a grid is every combination, the last key varying fastest, defaults filled in", async () => {
    const { seen, options } = recorder();
    await gridSearch(
      { hidden: [[4], [8, 4]], activation: ["relu", "tanh"], lr: [0.1, 0.01, 0.001] },
      options,
    );
    expect(seen).toHaveLength(12);
    expect(seen[0]).toEqual({
      hidden: [4],
      activation: "relu",
      dropout: 0,
      l2: 0,
      optimizer: "adam",
      lr: 0.1,
      batchSize: 32,
      epochs: 50,
      patience: null,
    });
    expect(seen.map((p) => `${p.hidden.join("-")} ${p.activation} ${p.lr}`)).toEqual([
      "4 relu 0.1",
      "4 relu 0.01",
      "4 relu 0.001",
      "4 tanh 0.1",
      "4 tanh 0.01",
      "4 tanh 0.001",
      "8-4 relu 0.1",
      "8-4 relu 0.01",
      "8-4 relu 0.001",
      "8-4 tanh 0.1",
      "8-4 tanh 0.01",
      "8-4 tanh 0.001",
    ]);
  });

  it("randomSearch draws the same candidates for the same seed, within the distributions' bounds", async () => {
    const space: SearchSpace = {
      hidden: [[4], [8], [16]],
      lr: { logUniform: [1e-4, 1e-1] },
      dropout: { uniform: [0.1, 0.5] },
      batchSize: { randint: [2, 5] },
    };
    const draw = async (seed: number) => {
      const { seen, options } = recorder();
      await randomSearch(space, { ...options, trials: 40, seed });
      return seen;
    };
    const a = await draw(5);
    expect(a).toHaveLength(40);
    expect(await draw(5)).toEqual(a);
    expect(await draw(6)).not.toEqual(a);
    for (const p of a) {
      expect(p.lr).toBeGreaterThanOrEqual(1e-4);
      expect(p.lr).toBeLessThan(1e-1);
      expect(p.dropout).toBeGreaterThanOrEqual(0.1);
      expect(p.dropout).toBeLessThan(0.5);
      expect([2, 3, 4, 5]).toContain(p.batchSize);
    }
    // Log-uniform: about as many draws below 1e-2.5 as above (a uniform law would put ~97 % above).
    const below = a.filter((p) => p.lr < 10 ** -2.5).length;
    expect(below).toBeGreaterThan(8);
    expect(below).toBeLessThan(32);
    // Each choice of a list and each integer of the range turns up.
    expect(new Set(a.map((p) => p.hidden[0])).size).toBe(3);
    expect(new Set(a.map((p) => p.batchSize)).size).toBe(4);
  });
});

describe("memory", () => {
  it("a search, with early stopping and a refit, leaves no tensor behind once its result is disposed", async () => {
    const before = memory().numTensors;
    const r = await gridSearch(
      {
        hidden: [[3]],
        activation: ["tanh"],
        dropout: [0.1],
        l2: [0.01],
        epochs: [3],
        patience: [null, 1],
        batchSize: [2],
      },
      { x, y, folds: 2, testData: [x, y] },
    );
    expect(r.table).toHaveLength(2);
    expect(r.trainer).toBeDefined();
    r.dispose();
    expect(memory().numTensors).toBe(before);
  }, 30_000);
});

describe("folds", () => {
  it("stratifies one-hot targets by their hot class", async () => {
    const x8 = tensor([[0], [1], [2], [3], [4], [5], [6], [7]]);
    // Classes 0 0 0 0 1 1 1 1, one-hot: unstratified consecutive folds would hold out one class each.
    const y8 = tensor([0, 0, 0, 0, 1, 1, 1, 1].map((c) => (c === 0 ? [1, 0] : [0, 1])));
    try {
      const r = await gridSearch(
        {},
        {
          x: x8,
          y: y8,
          task: "classification",
          folds: 2,
          refit: false,
          executor: { run: async () => [], close: async () => {} },
        },
      );
      for (const [, held] of r.foldIndices) {
        expect(held).toHaveLength(4);
        expect(held.filter((i) => i < 4)).toHaveLength(2);
      }
    } finally {
      x8.dispose();
      y8.dispose();
    }
  });
});
