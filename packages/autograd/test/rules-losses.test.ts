import { grad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  clippedBinaryCrossEntropy,
  Generator,
  mul,
  rand,
  randn,
  registerBackend,
  type Shape,
  setBackend,
  sigmoid,
  sum,
  type Tensor,
  tensor,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { expectGradients } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
await setBackend("cpu");

const gen = new Generator(11);
const r = (shape: Shape): Tensor => randn(shape, { dtype: "float64", generator: gen });
/** Probabilities inside (0.05, 0.95): well away from the clip bounds, where the loss is smooth. */
const probabilities = (shape: Shape): Tensor =>
  tensor(
    Array.from(rand(shape, { dtype: "float64", generator: gen }).dataSync(), (v) => 0.05 + 0.9 * v),
    {
      shape,
      dtype: "float64",
    },
  );

describe("clippedBinaryCrossEntropy gradients", () => {
  for (const reduction of ["mean", "sum", "none"] as const) {
    it(`probabilities and soft targets, reduction '${reduction}'`, () => {
      const weights = r([4, 1]);
      const reduce = (t: Tensor) => (reduction === "none" ? sum(mul(t, weights)) : t);
      expectGradients(
        (p, y) => reduce(clippedBinaryCrossEntropy(p!, y!, { reduction })),
        [probabilities([4, 1]), probabilities([4, 1])],
      );
    });
  }
  it("through a sigmoid, as a Keras model ends", () => {
    expectGradients((z, y) => clippedBinaryCrossEntropy(sigmoid(z!), y!), [r([5]), probabilities([5])]);
  });
  it("is (p − y) / (p(1 − p)) / n inside the clip range and 0 where the clip is active", () => {
    const p = tensor([0.25, 0.5, 0, 1], { dtype: "float64" });
    const y = tensor([1, 0, 1, 0], { dtype: "float64" });
    const [gp] = grad((q: Tensor) => clippedBinaryCrossEntropy(q, y, { epsilon: 1e-3 }))(p);
    const want = [(0.25 - 1) / (0.25 * 0.75) / 4, 0.5 / 0.25 / 4, 0, 0];
    Array.from(gp!.dataSync()).forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 12);
    });
  });
});
