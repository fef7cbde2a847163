import { noGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { dense, sequential } from "@tensorkit/nn";
import { listBackends, registerBackend, type Tensor, tensor } from "@tensorkit/tensor";
import type { Callback, Logs, Trainer } from "../src/index.js";
import { compile } from "../src/index.js";

if (!listBackends().some((b) => b.name === "cpu")) registerBackend("cpu", createCpuBackend);

/** A 1→1 linear model that SGD with lr 0 never changes: only the script moves its weights. */
export function frozenTrainer(lr = 0): { trainer: Trainer; x: Tensor; y: Tensor; dispose(): void } {
  const model = sequential([dense(1, { inputShape: [1] })]);
  const trainer = compile(model, { optimizer: { name: "sgd", lr }, loss: "mse" });
  const x = tensor([[1], [2], [3], [4]]);
  const y = tensor([[2], [4], [6], [8]]);
  return {
    trainer,
    x,
    y,
    dispose() {
      model.dispose();
      trainer.optimizer.dispose();
      x.dispose();
      y.dispose();
    },
  };
}

/**
 * Puts `key = values[epoch]` into each epoch's logs and sets the model's weight and bias to the
 * epoch number, so that which epoch's weights the model ends with can be read back. It must come
 * before the callback under test.
 */
export function script(key: string, values: readonly number[]): Callback {
  let trainer: Trainer | undefined;
  return {
    setTrainer(t) {
      trainer = t;
    },
    onEpochEnd(epoch: number, logs: Logs) {
      logs[key] = values[epoch]!;
      const state = trainer!.model.stateDict();
      noGrad(() => {
        for (const p of Object.values(state)) {
          const v = tensor(new Float32Array(p.size).fill(epoch), { shape: p.shape });
          p.assign(v);
          v.dispose();
        }
      });
    },
  };
}

/** The single weight of the 1→1 model. */
export function weightOf(trainer: Trainer): number {
  return trainer.model.stateDict()["0.weight"]!.dataSync()[0]!;
}
