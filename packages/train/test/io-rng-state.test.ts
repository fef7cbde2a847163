import { createCpuBackend } from "@tensorkit/backend-cpu";
import { Dropout, dense, dropout, layer, sequential } from "@tensorkit/nn";
import {
  Generator,
  listBackends,
  manualSeed,
  parseSafetensors,
  rand,
  randn,
  registerBackend,
  serializeSafetensors,
  type Tensor,
  tidy,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  type Callback,
  compile,
  ModelFileError,
  restoreCheckpoint,
  serializeCheckpoint,
  type Trainer,
} from "../src/index.js";

if (!listBackends().some((b) => b.name === "cpu")) registerBackend("cpu", createCpuBackend);

manualSeed(21);
const x = randn([32, 4]);
const y = tidy(() => x.sum(1, { keepDims: true }).tanh());

/** A model with dropout from the default generator, or from a generator of its own. */
function makeTrainer(initSeed: number, own: boolean): Trainer {
  manualSeed(initSeed);
  const model = sequential([
    dense(8, { activation: "relu", inputShape: [4] }),
    own ? layer(new Dropout(0.4, { generator: new Generator(initSeed) })) : dropout(0.4),
    dense(1),
  ]);
  return compile(model, { optimizer: { name: "adam", lr: 0.01 }, loss: "mse" });
}

const fitOptions = { batchSize: 8, verbose: 0, seed: 3 } as const;

/** Keeps the checkpoint bytes written at the end of epoch `at` (counting from 1). */
function checkpointAt(at: number, out: { bytes?: Uint8Array }): Callback {
  let trainer: Trainer | undefined;
  return {
    setTrainer(t) {
      trainer = t;
    },
    onEpochEnd(epoch, _logs) {
      if (epoch + 1 === at) out.bytes = serializeCheckpoint(trainer!, { epoch: at, seed: 3 });
    },
  };
}

function weights(t: Trainer): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(t.model.stateDict()).map(([k, v]) => [k, Array.from(v.dataSync())]),
  );
}

function dispose(...trainers: Trainer[]): void {
  for (const t of trainers) {
    t.model.dispose();
    t.optimizer.dispose();
  }
}

describe("checkpoints carry the random generators' state", () => {
  for (const own of [false, true]) {
    it(`a resumed fit with dropout (${own ? "the layer's own generator" : "the default generator"}) continues the loss curve bit for bit`, async () => {
      const straight = makeTrainer(1, own);
      const full = await straight.fit(x, y, { ...fitOptions, epochs: 6 });

      const saved: { bytes?: Uint8Array } = {};
      const first = makeTrainer(1, own);
      const head = await first.fit(x, y, { ...fitOptions, epochs: 3, callbacks: [checkpointAt(3, saved)] });

      // a new process, in effect: other weights, generators seeded otherwise and drawn from since
      const resumed = makeTrainer(77, own);
      rand([5]).dispose();
      const restored = restoreCheckpoint(saved.bytes!, resumed);
      const rest = await resumed.fit(x, y, { ...fitOptions, epochs: 3, initialEpoch: restored.epoch });

      expect(restored.epoch).toBe(3);
      expect([...head.history.loss!, ...rest.history.loss!]).toEqual(full.history.loss);
      expect(weights(resumed)).toEqual(weights(straight));
      dispose(straight, first, resumed);
    });
  }

  it("refuses a malformed state, or one naming a module without a generator, and changes nothing", async () => {
    const trainer = makeTrainer(2, true);
    const bytes = serializeCheckpoint(trainer, { epoch: 0 });
    const { tensors, metadata } = parseSafetensors(bytes);
    const rng = JSON.parse(metadata.rng!);
    expect(Object.keys(rng.modules)).toEqual(["2"]); // Linear, ReLU, then the Dropout at index 2
    const tampered = (state: unknown) =>
      serializeSafetensors(tensors as Record<string, Tensor>, { ...metadata, rng: JSON.stringify(state) });
    const other = makeTrainer(3, true);
    const before = weights(other);
    expect(() =>
      restoreCheckpoint(tampered({ ...rng, default: { s: [0, 0, 0, 0], spareNormal: null } }), other),
    ).toThrow(ModelFileError);
    expect(() => restoreCheckpoint(tampered({ ...rng, modules: { "0": rng.modules["2"] } }), other)).toThrow(
      "names module '0', which has no generator of its own in this model",
    );
    expect(weights(other)).toEqual(before);
    for (const t of Object.values(tensors)) (t as Tensor).dispose();
    dispose(trainer, other);
  });
});
