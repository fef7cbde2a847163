import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { dense, sequential } from "@tensorkit/nn";
import { manualSeed, parseSafetensors, randn, registerBackend, tidy } from "@tensorkit/tensor";
import { afterAll, describe, expect, it } from "vitest";
import { formatPath } from "../src/callbacks/model-checkpoint.js";
import { type CheckpointInfo, compile, ModelCheckpoint, type Trainer } from "../src/index.js";
import { loadModel } from "../src/node.js";

registerBackend("cpu", createCpuBackend);

const dir = mkdtempSync(join(tmpdir(), "tensorkit-mc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

manualSeed(21);
const x = randn([32, 2]);
const y = tidy(() => x.sum(1, { keepDims: true }));
const xVal = randn([8, 2]);
const yVal = tidy(() => xVal.sum(1, { keepDims: true }).mul(-1)); // the model cannot fit this: val_loss wanders

function makeTrainer(): Trainer {
  manualSeed(1);
  const model = sequential([dense(4, { activation: "relu", inputShape: [2] }), dense(1)]);
  return compile(model, { optimizer: { name: "sgd", lr: 0.05 }, loss: "mse", metrics: ["mae"] });
}

describe("ModelCheckpoint", () => {
  it("with saveBestOnly saves exactly at the epochs where val_loss improved (mode auto → min)", async () => {
    const saved: CheckpointInfo[] = [];
    const checkpoint = new ModelCheckpoint((_bytes, info) => void saved.push(info), { saveBestOnly: true });
    expect(checkpoint.mode).toBe("min");
    const trainer = makeTrainer();
    const history = await trainer.fit(x, y, {
      epochs: 8,
      batchSize: 8,
      verbose: 0,
      validationData: [xVal, yVal],
      callbacks: [checkpoint],
    });
    const improved: number[] = [];
    let best = Number.POSITIVE_INFINITY;
    history.history.val_loss!.forEach((v, i) => {
      if (v < best) {
        best = v;
        improved.push(i);
      }
    });
    expect(improved.length).toBeLessThan(8); // the test needs some epochs that did not improve
    expect(saved.map((s) => s.epoch)).toEqual(improved);
    expect(checkpoint.best).toBe(best);
    trainer.model.dispose();
    trainer.optimizer.dispose();
  });

  it("saves every epoch by default, as full checkpoints; mode max for accuracy-like metrics", async () => {
    const sizes: number[] = [];
    let last: Uint8Array | undefined;
    const checkpoint = new ModelCheckpoint(
      (bytes) => {
        sizes.push(bytes.length);
        last = bytes;
      },
      { monitor: "val_accuracy" },
    );
    expect(checkpoint.mode).toBe("max");
    const trainer = makeTrainer();
    await trainer.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [checkpoint] });
    expect(sizes).toHaveLength(3);
    const { tensors, metadata } = parseSafetensors(last!);
    expect(metadata.epoch).toBe("3");
    expect(JSON.parse(metadata.history!).epoch).toEqual([0, 1, 2]);
    // plain SGD keeps no buffers, only its step counts and options
    expect(JSON.parse(metadata.optimizer!)).toMatchObject({ class: "SGD", paramGroups: [{ lr: 0.05 }] });
    for (const t of Object.values(tensors)) t.dispose();
    trainer.model.dispose();
    trainer.optimizer.dispose();
  });

  it("writes files atomically to a templated path; saveWeightsOnly writes model files that loadModel reads", async () => {
    const template = join(dir, "w-{epoch:02d}-{loss:.3f}.safetensors");
    const checkpoint = new ModelCheckpoint(template, { saveWeightsOnly: true, classNames: ["sum"] });
    const trainer = makeTrainer();
    const history = await trainer.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [checkpoint] });
    const names = readdirSync(dir).sort();
    expect(names).toEqual(
      history.history.loss!.map((l, i) => `w-${String(i + 1).padStart(2, "0")}-${l.toFixed(3)}.safetensors`),
    );
    const path = join(dir, names[1]!);
    expect(checkpoint.lastSaved).toEqual({ path, epoch: 1 });
    const loaded = await loadModel(path);
    expect(loaded.classNames).toEqual(["sum"]);
    expect(loaded.training?.history?.epochs).toBe(2);
    const want = trainer.predict(x);
    const got = tidy(() => loaded.model.call(x));
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    const { metadata, tensors } = parseSafetensors(new Uint8Array(readFileSync(path)));
    expect(metadata.optimizer).toBeUndefined();
    for (const t of [want, got, ...Object.values(tensors)]) t.dispose();
    loaded.model.dispose();
    trainer.model.dispose();
    trainer.optimizer.dispose();
    expect(existsSync(join(dir, names[0]!))).toBe(true);
  });

  it("formats Keras-style path templates", () => {
    expect(formatPath("m-{epoch:03d}-{val_loss:.2f}.st", 4, { val_loss: 0.12345 })).toBe("m-005-0.12.st");
    expect(formatPath("m-{epoch}-{missing}.st", 0, {})).toBe("m-1-{missing}.st");
  });

  it("rejects bad options", () => {
    expect(() => new ModelCheckpoint("")).toThrow(/path is empty/);
    expect(() => new ModelCheckpoint("a", { saveFreq: "batch" as never })).toThrow(
      /saveFreq must be "epoch"/,
    );
    expect(() => new ModelCheckpoint("a", { mode: "up" as never })).toThrow(/mode must be/);
  });
});
