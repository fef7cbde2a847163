import { grad, requiresGrad, valueAndGrad, vjp } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import type { Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  type CompositeCase,
  expectClose,
  type FixtureTensor,
  fromFixture,
  gradientFixtures,
  MODELS,
} from "./helpers.js";

tk.registerBackend("cpu", createCpuBackend);
await tk.setBackend("cpu");

// PyTorch's reference gradients (tooling/fixtures/generate_autograd.py), in float32, through
// each entry point of the API: backward()/.grad, grad(), valueAndGrad() and vjp().
const all = gradientFixtures();
const composites = Object.entries(all).filter(([, c]) => c.op === undefined) as [string, CompositeCase][];

interface SingleCase {
  op: string;
  options?: { axis?: number | null; correction?: number; min?: number; max?: number };
  inputs: Record<string, FixtureTensor>;
  cotangent: FixtureTensor;
  output: FixtureTensor;
  grads: Record<string, FixtureTensor>;
}
const singles = Object.entries(all).filter(([, c]) => c.op !== undefined) as unknown as [
  string,
  SingleCase,
][];

function split(c: CompositeCase) {
  const floatNames = Object.keys(c.inputs).filter((k) => c.inputs[k]!.dtype !== "int32");
  const ints = Object.fromEntries(
    Object.entries(c.inputs)
      .filter(([, f]) => f.dtype === "int32")
      .map(([k, f]) => [k, fromFixture(f)]),
  );
  return { floatNames, ints };
}

describe("torch composite fixtures", () => {
  for (const [name, c] of composites) {
    it(`${name}: loss.backward() fills .grad of every input and parameter`, () => {
      const t: Record<string, Tensor> = {};
      for (const [k, f] of Object.entries(c.inputs))
        t[k] = f.dtype === "int32" ? fromFixture(f) : requiresGrad(fromFixture(f));
      const { loss, outputs } = MODELS[name]!(t, c.options ?? {});
      expectClose(loss, c.loss, "loss");
      for (const [k, want] of Object.entries(c.outputs)) expectClose(outputs[k]!, want, k);
      loss.backward();
      for (const [k, want] of Object.entries(c.grads)) expectClose(t[k]!.grad, want, `d loss / d ${k}`);
    });

    it(`${name}: grad() and valueAndGrad() give the same gradients`, () => {
      const { floatNames, ints } = split(c);
      const f = (...xs: Tensor[]) => {
        const t: Record<string, Tensor> = { ...ints };
        floatNames.forEach((k, i) => {
          t[k] = xs[i]!;
        });
        return MODELS[name]!(t, c.options ?? {}).loss;
      };
      const inputs = floatNames.map((k) => fromFixture(c.inputs[k]!));
      const grads = grad(f)(...inputs);
      for (const [i, k] of floatNames.entries()) expectClose(grads[i]!, c.grads[k]!, `grad: d loss / d ${k}`);
      const both = valueAndGrad(f)(...inputs);
      expectClose(both.value, c.loss, "valueAndGrad: loss");
      for (const [i, k] of floatNames.entries())
        expectClose(both.grads[i]!, c.grads[k]!, `valueAndGrad: d loss / d ${k}`);
      for (const x of inputs) expect(x.grad, "grad() leaves .grad alone").toBeNull();
    });
  }
});

function singleOp(c: SingleCase, ints: Record<string, Tensor>): (...xs: Tensor[]) => Tensor {
  const o = c.options ?? {};
  const axis = o.axis ?? undefined;
  const ops: Record<string, (...xs: Tensor[]) => Tensor> = {
    add: (a, b) => tk.add(a!, b!),
    mul: (a, b) => tk.mul(a!, b!),
    div: (a, b) => tk.div(a!, b!),
    pow: (a, b) => tk.pow(a!, b!),
    maximum: (a, b) => tk.maximum(a!, b!),
    softmax: (x) => tk.softmax(x!, axis),
    logSoftmax: (x) => tk.logSoftmax(x!, axis),
    logSumExp: (x) => tk.logSumExp(x!, axis),
    variance: (x) => tk.variance(x!, axis, { correction: o.correction ?? 1 }),
    std: (x) => tk.std(x!, axis, { correction: o.correction ?? 1 }),
    clamp: (x) => tk.clamp(x!, { min: o.min!, max: o.max! }),
    max: (x) => tk.max(x!, axis),
    min: (x) => tk.min(x!, axis),
    gather: (x) => tk.gather(x!, axis!, ints.index!),
    indexSelect: (x) => tk.indexSelect(x!, axis!, ints.index!),
  };
  return ops[c.op]!;
}

describe("torch single-op fixtures (vjp with a cotangent)", () => {
  for (const [name, c] of singles) {
    it(`${name}`, () => {
      const floats = Object.entries(c.inputs).filter(([, f]) => f.dtype !== "int32");
      const ints = Object.fromEntries(
        Object.entries(c.inputs)
          .filter(([, f]) => f.dtype === "int32")
          .map(([k, f]) => [k, fromFixture(f)]),
      );
      const { value, grads } = vjp(
        singleOp(c, ints),
        floats.map(([, f]) => fromFixture(f)),
        fromFixture(c.cotangent),
      );
      expectClose(value, c.output, "output");
      for (const [i, [k]] of floats.entries()) expectClose(grads[i]!, c.grads[k]!, `gradient of ${k}`);
    });
  }
});
