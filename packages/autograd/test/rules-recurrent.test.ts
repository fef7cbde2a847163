import { grad, gradCheck } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import {
  Generator,
  lstmSequence,
  mul,
  randn,
  registerBackend,
  type Shape,
  setBackend,
  slice,
  sum,
  type Tensor,
  tensor,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { expectGradients, liveCounts } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
await setBackend("cpu");

const gen = new Generator(5);
const r = (shape: Shape, scale = 1): Tensor => mul(randn(shape, { dtype: "float64", generator: gen }), scale);

const SEQ = 4;
const BATCH = 3;
const H = 2;
/** Lengths 4, 2 and 0: full, cut short, and a sequence that never starts. */
const MASK = tensor(Array.from({ length: SEQ }, (_, t) => [4, 2, 0].map((l) => [t < l])));

/** The op's differentiable outputs: the state columns h and c (the rest is saved activations). */
const states = (reverse: boolean, mask?: Tensor) => (gates: Tensor, wHh: Tensor, h0: Tensor, c0: Tensor) =>
  slice(lstmSequence(gates, wHh, h0, c0, mask ? { reverse, mask } : { reverse }), [null, null, [0, 2 * H]]);

const inputs = () => [r([SEQ, BATCH, 4 * H]), r([4 * H, H], 0.7), r([BATCH, H]), r([BATCH, H])];

// Backpropagation through time against float64 central differences, for every input (the gates,
// W_hh, h0 and c0), with the gradient reaching every step's h and c (gradCheck projects all of them).
describe("lstmSequence gradients", () => {
  it("forward in time", () => expectGradients(states(false), inputs()));
  it("reversed", () => expectGradients(states(true), inputs()));
  it("with masked steps (lengths 4, 2, 0), both directions", () => {
    expectGradients(states(false, MASK), inputs());
    expectGradients(states(true, MASK), inputs());
  });
  it("of a one-step sequence", () =>
    expectGradients(states(false), [r([1, BATCH, 4 * H]), r([4 * H, H]), r([BATCH, H]), r([BATCH, H])]));

  it("of the last step's h only (what an LSTM returning its last state backpropagates)", () => {
    const last = (gates: Tensor, wHh: Tensor, h0: Tensor, c0: Tensor) =>
      slice(lstmSequence(gates, wHh, h0, c0), [SEQ - 1, null, [0, H]]);
    expectGradients(last, inputs());
  });

  it("refuses gradients of gradients with a clear error", () => {
    const [gates, wHh, h0, c0] = inputs() as [Tensor, Tensor, Tensor, Tensor];
    const f = (g: Tensor) => sum(slice(lstmSequence(g, wHh, h0, c0), [null, null, [0, H]]));
    expect(() => grad((g: Tensor) => sum(grad(f)(g)[0]!))(gates)).toThrow(/lstmSequence.*not supported/);
  });

  it("frees what backward made", () => {
    const xs = inputs();
    const before = liveCounts().numTensors;
    const report = gradCheck(states(false, MASK), xs);
    expect(report.ok).toBe(true);
    expect(liveCounts().numTensors).toBe(before);
  });
});
