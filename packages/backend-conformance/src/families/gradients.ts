import { backward, grad, gradCheck, noGrad, requiresGrad, vjp, zeroGrad } from "@tensorkit/autograd";
import type { Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect, type TestContext } from "vitest";
import { type FixtureTensor, fixture } from "../fixtures.js";
import { fromFixture, type Suite } from "../suite.js";
import { GRAD_CASES, type GradCase } from "./gradient-cases.js";

const F = "gradients";

/** Finite differences in float64 must agree with the analytic gradient to this relative error. */
const GRAD_CHECK_RTOL = 1e-6;

/** A composite case of fixtures/gradients.json (tooling/fixtures/generate_autograd.py). */
interface CompositeCase {
  readonly options?: Record<string, unknown>;
  readonly inputs: Record<string, FixtureTensor>;
  readonly loss: FixtureTensor;
  readonly outputs: Record<string, FixtureTensor>;
  readonly grads: Record<string, FixtureTensor>;
}

/** A single-op case: `output` = op(inputs), `grads` = its vector-Jacobian product with `cotangent`. */
interface SingleCase {
  readonly op: string;
  readonly note?: string;
  readonly options?: { axis?: number | null; correction?: number; min?: number; max?: number };
  readonly inputs: Record<string, FixtureTensor>;
  readonly cotangent: FixtureTensor;
  readonly output: FixtureTensor;
  readonly grads: Record<string, FixtureTensor>;
}

type Model = (
  t: Record<string, Tensor>,
  options: Record<string, unknown>,
) => { loss: Tensor; outputs: Record<string, Tensor> };

/** PyTorch's Linear: x·Wᵀ + b with W [out, in]. */
const linear = (x: Tensor, w: Tensor, b: Tensor) => tk.add(tk.matmul(x, w, { transposeB: true }), b);

/** Cross-entropy written out as the generator writes it: -mean(logSoftmax(z)[i, t[i]]). */
const crossEntropy = (logits: Tensor, target: Tensor) =>
  tk.neg(tk.mean(tk.gather(tk.logSoftmax(logits, 1), 1, tk.reshape(target, [-1, 1]))));

const mlp =
  (act: (x: Tensor) => Tensor): Model =>
  (t) => {
    const logits = linear(act(linear(t.x!, t.w1!, t.b1!)), t.w2!, t.b2!);
    return { loss: crossEntropy(logits, t.target!), outputs: { logits } };
  };

const convnet: Model = (t, options) => {
  const y = tk.relu(
    tk.add(tk.conv2d(t.x!, t.w!, options as tk.Conv2dOptions), tk.reshape(t.cb!, [1, -1, 1, 1])),
  );
  const logits = linear(tk.flatten(tk.maxPool2d(y, { kernelSize: 2 }), 1), t.lw!, t.lb!);
  return { loss: crossEntropy(logits, t.target!), outputs: { logits } };
};

/** The LSTM cell of the generator: gates = x·Wx + h·Wh + b in the order input, forget, cell, output. */
function lstmCell(x: Tensor, h: Tensor, c: Tensor, wx: Tensor, wh: Tensor, b: Tensor): [Tensor, Tensor] {
  const gates = tk.add(tk.add(tk.matmul(x, wx), tk.matmul(h, wh)), b);
  const [i, f, g, o] = tk.split(gates, h.shape[1]!, 1);
  const c2 = tk.add(tk.mul(tk.sigmoid(f!), c), tk.mul(tk.sigmoid(i!), tk.tanh(g!)));
  return [tk.mul(tk.sigmoid(o!), tk.tanh(c2)), c2];
}

const lstm: Model = (t) => {
  const [h1, c1] = lstmCell(t.x1!, t.h0!, t.c0!, t.wx!, t.wh!, t.b!);
  const [h2, c2] = lstmCell(t.x2!, h1, c1, t.wx!, t.wh!, t.b!);
  return { loss: tk.sum(h2), outputs: { h1, c1, h2, c2 } };
};

const MODELS: Record<string, Model> = {
  mlp_tanh: mlp(tk.tanh),
  mlp_relu: mlp(tk.relu),
  convnet,
  convnet_strided: convnet,
  lstm_two_steps: lstm,
};

/** The op of a single-op case, over its float inputs (in the fixture's order) and int inputs. */
function singleOp(c: SingleCase, ints: Record<string, Tensor>): (...xs: Tensor[]) => Tensor {
  const o = c.options ?? {};
  const axis = o.axis ?? undefined;
  switch (c.op) {
    case "add":
      return (a, b) => tk.add(a!, b!);
    case "mul":
      return (a, b) => tk.mul(a!, b!);
    case "div":
      return (a, b) => tk.div(a!, b!);
    case "pow":
      return (a, b) => tk.pow(a!, b!);
    case "maximum":
      return (a, b) => tk.maximum(a!, b!);
    case "softmax":
      return (x) => tk.softmax(x!, axis);
    case "logSoftmax":
      return (x) => tk.logSoftmax(x!, axis);
    case "logSumExp":
      return (x) => tk.logSumExp(x!, axis);
    case "variance":
      return (x) => tk.variance(x!, axis, { correction: o.correction ?? 1 });
    case "std":
      return (x) => tk.std(x!, axis, { correction: o.correction ?? 1 });
    case "clamp":
      return (x) => tk.clamp(x!, { min: o.min!, max: o.max! });
    case "max":
      return (x) => tk.max(x!, axis);
    case "min":
      return (x) => tk.min(x!, axis);
    case "gather":
      return (x) => tk.gather(x!, axis!, ints.index!);
    case "indexSelect":
      return (x) => tk.indexSelect(x!, axis!, ints.index!);
    default:
      throw new Error(`gradients.json: no tensorkit op for '${c.op}'`);
  }
}

/**
 * The same logical tensor stored differently, and the view that restores it: reversed axes
 * permuted back (rank ≥ 2) or every other element of a [n, 2] tensor (rank 1). The op under test
 * then reads a non-contiguous view, and its rule runs on one.
 */
function nonContiguous(x: Tensor): { stored: Tensor; view: (y: Tensor) => Tensor } {
  if (x.rank >= 2) {
    const reversed = x.shape.map((_, i) => x.rank - 1 - i);
    return { stored: tk.contiguous(tk.permute(x, reversed)), view: (y) => tk.permute(y, reversed) };
  }
  if (x.rank === 1) {
    return { stored: tk.stack([x, tk.fullLike(x, 99)], 1), view: (y) => tk.slice(y, [null, 0]) };
  }
  return { stored: x, view: (y) => y };
}

function expectGradCheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], context: string): void {
  const report = gradCheck(f, inputs, { eps: 1e-6 });
  const worst = (report as { worstIndex?: number[] }).worstIndex;
  report.maxRelError.forEach((e, i) => {
    expect(
      e,
      `${context}: input ${i} (shape [${inputs[i]!.shape.join(",")}]): worst relative error ${e}, absolute ${report.maxAbsError[i]}${worst ? `, at flat index ${worst[i]}` : ""}`,
    ).toBeLessThan(GRAD_CHECK_RTOL);
  });
}

export function gradients(s: Suite): void {
  /** Live tensors and storages of the backend under test. */
  const counts = () => {
    const m = tk.memory().backends[s.name];
    return { numTensors: m?.numTensors ?? 0, numStorages: m?.numStorages ?? 0, numBytes: m?.numBytes ?? 0 };
  };
  const needFloat64 = (ctx: TestContext) => {
    if (!s.has("float64")) {
      ctx.skip(
        "the backend does not store float64: finite differences need it; the torch fixtures check these ops' gradients in float32",
      );
    }
  };

  describe("gradients", () => {
    // (i) every differentiable op against central finite differences in float64
    for (const [group, cases] of Object.entries(GRAD_CASES)) {
      describe(`gradCheck (float64): ${group}`, () => {
        for (const c of cases as GradCase[]) {
          s.test(F, `gradCheck ${c.name}`, (ctx) => {
            needFloat64(ctx);
            expectGradCheck(c.f, c.inputs(), "contiguous inputs");
            // the same with every input a non-contiguous view
            const held = c.inputs().map(nonContiguous);
            expectGradCheck(
              (...ys) => c.f(...ys.map((y, i) => held[i]!.view(y))),
              held.map((h) => h.stored),
              "non-contiguous inputs",
            );
          });
        }
      });
    }

    s.test(F, "cast between float32 and float64 passes the gradient through in the input's dtype", (ctx) => {
      needFloat64(ctx);
      const x = requiresGrad(tk.tensor([0.5, -1.25, 3]));
      const c = tk.tensor(Float64Array.from([0.1, 2, -3]), { shape: [3], dtype: "float64" });
      backward(tk.sum(tk.mul(tk.cast(x, "float64"), c)));
      expect(x.grad?.dtype).toBe("float32");
      s.expectTensor(x.grad!, { shape: [3], data: [0.1, 2, -3] }, "exact");
      const y = requiresGrad(tk.tensor(Float64Array.from([1, 2]), { shape: [2], dtype: "float64" }));
      backward(tk.sum(tk.mul(tk.cast(y, "float32"), tk.tensor([0.25, -4]))));
      expect(y.grad?.dtype).toBe("float64");
      s.expectTensor(y.grad!, { shape: [2], data: [0.25, -4] }, "exact");
    });

    // (ii) composite computations and single ops against PyTorch autograd, in float32
    describe("torch fixtures (float32)", () => {
      const all = fixture<Record<string, CompositeCase | SingleCase>>("gradients.json");
      for (const [name, entry] of Object.entries(all)) {
        if ("op" in entry) {
          s.test(F, `vjp of ${name} matches torch${entry.note ? ` (${entry.note})` : ""}`, () => {
            const c = fixture<Record<string, SingleCase>>("gradients.json")[name]!;
            const floats = Object.entries(c.inputs).filter(([, t]) => t.dtype !== "int32");
            const ints = Object.fromEntries(
              Object.entries(c.inputs)
                .filter(([, t]) => t.dtype === "int32")
                .map(([k, t]) => [k, fromFixture(t)]),
            );
            const { value, grads } = vjp(
              singleOp(c, ints),
              floats.map(([, t]) => fromFixture(t)),
              fromFixture(c.cotangent),
            );
            s.expectTensor(value, c.output, "transcendental", "output");
            floats.forEach(([k], i) => {
              s.expectTensor(grads[i]!, c.grads[k]!, "transcendental", `gradient of ${k}`);
            });
          });
        } else {
          s.test(F, `backward through ${name} matches torch`, () => {
            const c = fixture<Record<string, CompositeCase>>("gradients.json")[name]!;
            const t: Record<string, Tensor> = {};
            for (const [k, f] of Object.entries(c.inputs)) {
              t[k] = f.dtype === "int32" ? fromFixture(f) : requiresGrad(fromFixture(f));
            }
            const { loss, outputs } = MODELS[name]!(t, c.options ?? {});
            s.expectTensor(loss, c.loss, "transcendental", "loss");
            for (const [k, want] of Object.entries(c.outputs)) {
              s.expectTensor(outputs[k]!, want, "transcendental", k);
            }
            loss.backward();
            for (const [k, want] of Object.entries(c.grads)) {
              const got = t[k]!.grad;
              expect(got, `${k}.grad after backward`).not.toBeNull();
              s.expectTensor(got!, want, "transcendental", `d loss / d ${k}`);
            }
          });
        }
      }
    });

    // (iii) memory: the graph is freed by backward, by zeroGrad and by disposing its output
    describe("memory", () => {
      /** A small MLP with parameters that require gradients; `step` runs forward + backward. */
      const smallMlp = () => {
        const params = [
          requiresGrad(
            tk.tensor([
              [0.1, -0.2, 0.3],
              [0.4, 0.5, -0.6],
              [-0.7, 0.8, 0.9],
              [0.15, -0.25, 0.35],
            ]),
          ),
          requiresGrad(tk.tensor([0.01, -0.02, 0.03, 0.04])),
          requiresGrad(
            tk.tensor([
              [0.2, -0.1, 0.05, 0.3],
              [-0.3, 0.25, 0.1, -0.2],
            ]),
          ),
          requiresGrad(tk.tensor([0.05, -0.05])),
        ];
        const x = tk.tensor([
          [1, 2, 3],
          [-1, 0.5, 2],
          [0.3, -0.2, 0.1],
        ]);
        const target = tk.tensor([0, 1, 1], "int32");
        const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor];
        const y = tk.tensor([
          [1, 0],
          [0, 1],
          [0.5, 0.5],
        ]);
        const hidden = () => linear(tk.tanh(linear(x, w1, b1)), w2, b2);
        const forward = () => crossEntropy(hidden(), target);
        // the leaner loss of the 10,000-iteration test (fewer ops per step, same engine paths)
        const mse = () => tk.mean(tk.square(tk.sub(hidden(), y)));
        return { params, forward, mse };
      };

      s.test(F, "forward + backward of an MLP leaves only the parameters' .grad behind", () => {
        const { params, forward } = smallMlp();
        const before = counts();
        tk.tidy(() => forward().backward());
        const after = counts();
        // one gradient per parameter, nothing else
        expect(after.numTensors - before.numTensors, "new live tensors").toBe(params.length);
        for (const p of params) expect(p.grad, "grad").not.toBeNull();
        zeroGrad(params);
        expect(counts(), "after zeroGrad").toEqual(before);
      });

      s.test(
        F,
        "10,000 iterations of forward + backward + zeroGrad keep memory() flat",
        () => {
          const { params, mse } = smallMlp();
          const step = () => {
            tk.tidy(() => mse().backward());
            zeroGrad(params);
          };
          step();
          const base = counts();
          for (let i = 1; i <= 10_000; i++) {
            step();
            if (i % 1000 === 0) expect(counts(), `after ${i} iterations`).toEqual(base);
          }
        },
        120_000,
      );

      s.test(F, "a graph built but never backpropagated, then disposed, leaves nothing", () => {
        const { params, forward } = smallMlp();
        const before = counts();
        const loss = tk.tidy(() => forward());
        // the loss, and whatever its graph saved for a backward that never comes
        expect(counts().numTensors).toBeGreaterThan(before.numTensors);
        loss.dispose();
        expect(counts(), "after disposing the loss").toEqual(before);
        for (const p of params) expect(p.grad).toBeNull();
      });

      s.test(F, "noGrad records nothing: its results hold no graph", () => {
        const { forward } = smallMlp();
        const before = counts();
        const loss = noGrad(() => tk.tidy(() => forward()));
        expect(loss.requiresGrad).toBe(false);
        expect(counts().numTensors - before.numTensors, "only the loss is live").toBe(1);
        loss.dispose();
      });
    });

    // (iv) misuse: clear errors that say what to do
    describe("errors", () => {
      s.test(F, "backward on a non-scalar output without a gradient", () => {
        const x = requiresGrad(tk.ones([2, 3]));
        const y = tk.mul(x, 2);
        expect(() => y.backward()).toThrow(tk.TensorkitError);
        expect(() => y.backward()).toThrow(/backward/);
        expect(() => y.backward()).toThrow(/\[2,3\]/);
        expect(() => y.backward()).toThrow(/gradient/);
        // with a gradient of the output's shape it works
        y.backward(tk.fullLike(y, 0.5));
        s.expectTensor(x.grad!, { shape: [2, 3], data: [1, 1, 1, 1, 1, 1] }, "exact");
      });

      s.test(F, "grad with respect to an input the output does not depend on", () => {
        const x = tk.tensor([1, 2]);
        const y = tk.tensor([3, 4]);
        const f = grad((a: Tensor, _b: Tensor) => tk.sum(tk.square(a)));
        expect(() => f(x, y)).toThrow(tk.TensorkitError);
        expect(() => f(x, y)).toThrow(/input 1/);
        expect(() => f(x, y)).toThrow(/depend|not on the path/);
      });

      s.test(F, "backward twice through the same graph without retainGraph", () => {
        const x = requiresGrad(tk.tensor([0.5, 1.5]));
        const loss = tk.sum(tk.exp(x));
        loss.backward();
        expect(() => loss.backward()).toThrow(tk.TensorkitError);
        expect(() => loss.backward()).toThrow(/retainGraph/);
        // with retainGraph the second pass runs and accumulates: 2·exp(x)
        const again = tk.sum(tk.exp(x));
        again.backward(undefined, { retainGraph: true });
        again.backward();
        s.expectTensor(
          x.grad!,
          { shape: [2], data: [3 * Math.exp(0.5), 3 * Math.exp(1.5)] },
          "transcendental",
          "exp(x) once, then twice more",
        );
      });
    });
  });
}
