import { requiresGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import * as tk from "@tensorkit/tensor";
import { ones, registerBackend, type Tensor, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { MultiheadAttention, TransformerEncoderLayer } from "../src/layers/attention.js";
import { expectClose, type FixtureTensor, fixture, fromFixture, liveTensors } from "./torch-fixtures.js";

registerBackend("cpu", createCpuBackend);

interface AttentionCase {
  readonly kind: "MultiheadAttention" | "TransformerEncoderLayer";
  readonly options: Record<string, number | boolean | string>;
  readonly state_dict: Record<string, FixtureTensor>;
  readonly inputs: Record<string, FixtureTensor>;
  readonly outputs: Record<string, FixtureTensor>;
  readonly cotangents: Record<string, FixtureTensor>;
  readonly grads: Record<string, FixtureTensor>;
}

const MASKS = ["keyPaddingMask", "attnMask", "srcKeyPaddingMask", "srcMask"];

function check(c: AttentionCase): void {
  const { averageAttnWeights, embedDim, numHeads, dModel, nhead, ...options } = c.options as {
    averageAttnWeights?: boolean;
    embedDim: number;
    numHeads: number;
    dModel: number;
    nhead: number;
  };
  const module =
    c.kind === "MultiheadAttention"
      ? new MultiheadAttention(embedDim, numHeads, options)
      : new TransformerEncoderLayer(dModel, nhead, options);
  const sd = Object.fromEntries(Object.entries(c.state_dict).map(([k, v]) => [k, fromFixture(v)]));
  module.loadStateDict(sd);
  for (const t of Object.values(sd)) t.dispose();
  const before = liveTensors();
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, fromFixture(v)]));
  for (const [k, t] of Object.entries(inputs)) if (!MASKS.includes(k)) requiresGrad(t);
  let outputs: Record<string, Tensor>;
  if (module instanceof MultiheadAttention) {
    const q = inputs.query!;
    const { output, weights } = module.run(q, inputs.key ?? q, inputs.value ?? q, {
      ...(inputs.keyPaddingMask ? { keyPaddingMask: inputs.keyPaddingMask } : {}),
      ...(inputs.attnMask ? { attnMask: inputs.attnMask } : {}),
      ...(averageAttnWeights === false ? { averageAttnWeights: false } : {}),
    });
    outputs = { output, weights };
  } else {
    const output = module.call(inputs.src!, {
      ...(inputs.srcKeyPaddingMask ? { srcKeyPaddingMask: inputs.srcKeyPaddingMask } : {}),
      ...(inputs.srcMask ? { srcMask: inputs.srcMask } : {}),
    });
    outputs = { output };
  }
  for (const [k, want] of Object.entries(c.outputs)) expectClose(outputs[k]!, want, k);
  const loss = tidy(() =>
    Object.entries(c.cotangents)
      .map(([k, g]) => tk.sum(tk.mul(outputs[k]!, fromFixture(g))))
      .reduce((a, b) => tk.add(a, b)),
  );
  loss.backward();
  const params = Object.fromEntries(module.namedParameters());
  for (const [k, want] of Object.entries(c.grads))
    expectClose((params[k] ?? inputs[k])!.grad, want, `grad of ${k}`);
  for (const t of [loss, ...Object.values(outputs), ...Object.values(inputs)]) t.dispose();
  for (const p of Object.values(params)) p.grad = null;
  expect(liveTensors(), "tensors left alive").toBe(before);
  module.dispose();
}

describe("MultiheadAttention and TransformerEncoderLayer", () => {
  for (const [name, c] of Object.entries(fixture<Record<string, AttentionCase>>("attention.json"))) {
    it(`equal PyTorch, outputs and gradients: ${name}`, () => check(c));
  }

  it("have PyTorch's state-dict keys", () => {
    const block = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
    expect(Object.keys(block.stateDict())).toEqual([
      "self_attn.in_proj_weight",
      "self_attn.in_proj_bias",
      "self_attn.out_proj.weight",
      "self_attn.out_proj.bias",
      "linear1.weight",
      "linear1.bias",
      "linear2.weight",
      "linear2.bias",
      "norm1.weight",
      "norm1.bias",
      "norm2.weight",
      "norm2.bias",
    ]);
    expect(Array.from(block.self_attn.inProjBias!.dataSync())).toEqual(new Array(24).fill(0));
    block.dispose();
  });

  it("name the layer and the shapes on wrong inputs and masks", () => {
    const mha = new MultiheadAttention(6, 2, { batchFirst: true });
    expect(() => mha.call(ones([2, 4, 5]))).toThrow(
      "MultiheadAttention: expected query of shape [batch, seq, 6] (or [seq, 6] unbatched), got [2,4,5]",
    );
    expect(() =>
      mha.call(ones([2, 4, 6]), undefined, undefined, { keyPaddingMask: ones([2, 5], "bool") }),
    ).toThrow("MultiheadAttention: expected keyPaddingMask of shape [2,4], got [2,5]");
    expect(() => mha.call(ones([2, 4, 6]), undefined, undefined, { attnMask: ones([4, 3], "bool") })).toThrow(
      "MultiheadAttention: expected attnMask of shape [4,4] or [4,4,4], got [4,3]",
    );
    expect(() => new MultiheadAttention(6, 4)).toThrow(
      "MultiheadAttention: embedDim (6) must be divisible by numHeads (4)",
    );
    mha.dispose();
  });

  it("isCausal masks later positions: the first output ignores every later token", () => {
    const mha = new MultiheadAttention(4, 1, { batchFirst: true });
    const x = tk.randn([1, 3, 4]);
    const y = tk.randn([1, 3, 4]);
    const mixed = tk.concat([tk.slice(x, [null, [0, 1]]), tk.slice(y, [null, [1, 3]])], 1);
    const a = mha.run(x, x, x, { isCausal: true });
    const b = mha.run(mixed, mixed, mixed, { isCausal: true });
    expect((a.output.toArray() as number[][][])[0]![0]).toEqual((b.output.toArray() as number[][][])[0]![0]);
    expect((a.weights.toArray() as number[][][])[0]![0]).toEqual([1, 0, 0]);
    for (const t of [x, y, mixed, a.output, a.weights, b.output, b.weights]) t.dispose();
    mha.dispose();
  });
});
