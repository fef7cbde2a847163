import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { dense, sequential } from "@tensorkit/nn";
import { manualSeed, parseSafetensors, randn, registerBackend, type Tensor, tidy } from "@tensorkit/tensor";
import { afterAll, describe, expect, it } from "vitest";
import {
  compile,
  type History,
  ModelCheckpoint,
  ModelFileError,
  restoreCheckpoint,
  serializeCheckpoint,
  serializeModel,
  type Trainer,
} from "../src/index.js";
import { loadCheckpoint, saveCheckpoint } from "../src/node.js";

registerBackend("cpu", createCpuBackend);

const dir = mkdtempSync(join(tmpdir(), "tensorkit-ckpt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 40 samples in batches of 8: five shuffled batches per epoch, so the shuffle order matters.
manualSeed(11);
const x = randn([40, 3]);
const y = tidy(() =>
  x
    .sum(1, { keepDims: true })
    .mul(0.5)
    .add(randn([40, 1]).mul(0.1)),
);
const xVal = randn([10, 3]);
const yVal = tidy(() => xVal.sum(1, { keepDims: true }).mul(0.5));

function makeTrainer(initSeed: number): Trainer {
  manualSeed(initSeed);
  const model = sequential([dense(6, { activation: "tanh", inputShape: [3] }), dense(1)]);
  return compile(model, { optimizer: { name: "adam", lr: 0.02 }, loss: "mse", metrics: ["mae"] });
}

const fitOptions = { batchSize: 8, verbose: 0, seed: 5, validationData: [xVal, yVal] } as const;

function concatHistories(a: History, b: History): { epoch: number[]; history: Record<string, number[]> } {
  const history: Record<string, number[]> = {};
  for (const k of Object.keys(a.history)) history[k] = [...a.history[k]!, ...(b.history[k] ?? [])];
  return { epoch: [...a.epoch, ...b.epoch], history };
}

function dispose(trainer: Trainer): void {
  trainer.model.dispose();
  trainer.optimizer.dispose();
}

describe("checkpoints", () => {
  it("resuming fit from a checkpoint file continues the uninterrupted run's loss curve exactly", async () => {
    const straight = makeTrainer(1);
    const full = await straight.fit(x, y, { ...fitOptions, epochs: 6 });

    const first = makeTrainer(1);
    const path = join(dir, "run.safetensors");
    const part1 = await first.fit(x, y, {
      ...fitOptions,
      epochs: 3,
      callbacks: [new ModelCheckpoint(path, { seed: 5 })],
    });

    // a new process, in effect: other initial weights, a fresh optimiser
    const resumed = makeTrainer(99);
    const restored = await loadCheckpoint(path, resumed);
    expect(restored.epoch).toBe(3);
    expect(restored.seed).toBe(5);
    expect(restored.history.toJSON()).toEqual(part1.toJSON());
    const part2 = await resumed.fit(x, y, {
      ...fitOptions,
      epochs: 6 - restored.epoch,
      initialEpoch: restored.epoch,
    });

    expect(concatHistories(restored.history, part2)).toEqual(full.toJSON());
    // and the final weights are the same, bit for bit
    const a = straight.model.stateDict();
    const b = resumed.model.stateDict();
    for (const k of Object.keys(a))
      expect(Array.from(b[k]!.dataSync())).toEqual(Array.from(a[k]!.dataSync()));
    for (const t of [straight, first, resumed]) dispose(t);
  });

  it("round-trips the optimiser state through bytes, its buffers stored as optimizer.<n>.<buffer> tensors", async () => {
    const trainer = makeTrainer(2);
    const history = await trainer.fit(x, y, { ...fitOptions, epochs: 2 });
    const bytes = serializeCheckpoint(trainer, { epoch: 2, history });
    const { tensors, metadata } = parseSafetensors(bytes);
    const modelKeys = Object.keys(trainer.model.stateDict());
    const optimizerKeys = Object.keys(tensors).filter((k) => !modelKeys.includes(k));
    // Adam keeps exp_avg and exp_avg_sq for each of the 4 parameters
    expect(optimizerKeys.length).toBe(8);
    for (const k of optimizerKeys) expect(k).toMatch(/^optimizer\.\d+\.\w+$/);
    expect(JSON.parse(metadata.optimizer!).class).toBe("Adam");
    expect(metadata.epoch).toBe("2");

    const other = makeTrainer(3);
    const restored = restoreCheckpoint(bytes, other, { source: "ckpt" });
    expect(restored.epoch).toBe(2);
    const want = trainer.optimizer.stateDict();
    const got = other.optimizer.stateDict();
    expect(got.paramGroups).toEqual(want.paramGroups);
    for (const [i, entry] of Object.entries(want.state)) {
      for (const [name, v] of Object.entries(entry)) {
        const g = got.state[Number(i)]![name]!;
        if (typeof v === "number") expect(g).toBe(v);
        else expect(Array.from((g as Tensor).dataSync())).toEqual(Array.from(v.dataSync()));
      }
    }
    for (const d of [want, got])
      for (const e of Object.values(d.state))
        for (const v of Object.values(e)) if (typeof v !== "number") v.dispose();
    for (const t of Object.values(tensors)) t.dispose();
    dispose(trainer);
    dispose(other);
  });

  it("refuses a model file, or a checkpoint of another architecture or optimiser, leaving the trainer as it was", async () => {
    const trainer = makeTrainer(4);
    const before = Array.from(trainer.model.stateDict()["0.weight"]!.dataSync());
    expect(() =>
      restoreCheckpoint(serializeModel(trainer), trainer, { source: "model.safetensors" }),
    ).toThrow(/^model\.safetensors: is a model file, not a checkpoint/);
    manualSeed(0);
    const wider = compile(sequential([dense(7, { inputShape: [3] }), dense(1)]), {
      optimizer: "adam",
      loss: "mse",
    });
    expect(() =>
      restoreCheckpoint(serializeCheckpoint(wider, { epoch: 0 }), trainer, { source: "w" }),
    ).toThrow(/^w: is a checkpoint of another architecture/);
    manualSeed(0);
    const sgd = compile(sequential([dense(6, { activation: "tanh", inputShape: [3] }), dense(1)]), {
      optimizer: "sgd",
      loss: "mse",
    });
    expect(() => restoreCheckpoint(serializeCheckpoint(sgd, { epoch: 0 }), trainer, { source: "s" })).toThrow(
      /^s: holds SGD optimiser state, but the trainer's optimiser is Adam/,
    );
    expect(Array.from(trainer.model.stateDict()["0.weight"]!.dataSync())).toEqual(before);
    await expect(loadCheckpoint(join(dir, "nope.safetensors"), trainer)).rejects.toThrow(ModelFileError);
    for (const t of [trainer, wider, sgd]) dispose(t);
  });

  it("saveCheckpoint/loadCheckpoint write and read a file", async () => {
    const trainer = makeTrainer(6);
    const history = await trainer.fit(x, y, { ...fitOptions, epochs: 1 });
    const path = join(dir, "direct.safetensors");
    await saveCheckpoint(path, trainer, { epoch: 1, history });
    const other = makeTrainer(7);
    const restored = await loadCheckpoint(path, other);
    expect(restored.epoch).toBe(1);
    expect(restored.training?.compile?.loss).toBe("mse");
    for (const t of [trainer, other]) dispose(t);
  });
});
