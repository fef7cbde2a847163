import type { Tensor as TfTensor, Variable } from "@tensorflow/tfjs-core";
import { requiresGrad } from "@tensorkit/autograd";
import { Adam } from "@tensorkit/optim";
import type { Tensor as TkTensor } from "@tensorkit/tensor";
import type { Case, Input, Workload } from "../workload.js";

// Adam on the parameters of a 784-128-64-10 MLP (weights [out, in] and biases; 109,386 floats),
// with fixed gradients: seeded N(0, 1) values, the same for both libraries, so only the optimiser
// is measured (no forward or backward pass). A run resets the parameters, makes a fresh optimiser,
// takes `steps` steps and reads every parameter back; the check compares the final parameters.

const LAYERS: readonly (readonly [number, number])[] = [
  [128, 784],
  [64, 128],
  [10, 64],
];
const SHAPES: readonly (readonly number[])[] = LAYERS.flatMap(([o, i]) => [[o, i], [o]]);
const SIZE = SHAPES.reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0);
const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

function concat(parts: ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(SIZE);
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

function adamMlp(steps: number): Workload {
  return {
    name: `adam mlp ${steps} steps`,
    description: `${steps} Adam steps (lr 1e-3, eps 1e-8) over a 784-128-64-10 MLP's parameters (${SIZE} floats), fixed random gradients: optimiser only`,
    unit: "steps/s",
    work: steps,
    // The parameters' initial values, then their gradients.
    inputs: [...SHAPES, ...SHAPES],
    quick: steps <= 50,
    tensorkit: (tk, inputs): Case => {
      const [init, grads] = split(inputs).map((xs) => xs.map((x) => tk.tensor(x.data, { shape: x.shape })));
      const params = init!.map((t) => requiresGrad(tk.clone(t)));
      params.forEach((p, i) => {
        p.grad = grads![i]!;
      });
      return {
        run() {
          params.forEach((p, i) => {
            p.assign(init![i]!);
          });
          const opt = new Adam(params, { lr: ADAM.lr, betas: [ADAM.beta1, ADAM.beta2], eps: ADAM.eps });
          for (let s = 0; s < steps; s++) opt.step();
          const out = concat(params.map((p: TkTensor) => p.dataSync()));
          opt.dispose();
          return out;
        },
        teardown() {
          for (const p of params) {
            p.grad = null;
            p.dispose();
          }
          for (const t of [...init!, ...grads!]) t.dispose();
        },
      };
    },
    tfjs: (tf, inputs): Case => {
      const [init, grads] = split(inputs).map((xs) =>
        xs.map((x) => tf.tensor(x.data, [...x.shape], "float32")),
      );
      const vars: Variable[] = init!.map((t, i) =>
        tf.variable(t, true, `adam_mlp_${steps}_${i}_${Math.random()}`),
      );
      const named = vars.map((v, i): { name: string; tensor: TfTensor } => ({
        name: v.name,
        tensor: grads![i]!,
      }));
      return {
        run() {
          vars.forEach((v, i) => {
            v.assign(init![i]!);
          });
          const opt = tf.train.adam(ADAM.lr, ADAM.beta1, ADAM.beta2, ADAM.eps);
          for (let s = 0; s < steps; s++) opt.applyGradients(named);
          const out = concat(vars.map((v) => v.dataSync()));
          opt.dispose();
          return out;
        },
        teardown() {
          for (const t of [...vars, ...init!, ...grads!]) t.dispose();
        },
      };
    },
  };
}

function split(inputs: readonly Input[]): [Input[], Input[]] {
  return [inputs.slice(0, SHAPES.length), inputs.slice(SHAPES.length)];
}

/** 50 steps (in `--quick`) and the full 1,000. */
export const adamMlpWorkloads: readonly Workload[] = [adamMlp(50), adamMlp(1000)];
