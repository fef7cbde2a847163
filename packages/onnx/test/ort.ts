// Runs exported ONNX bytes in onnxruntime-node and compares with tensorkit's own forward.
import { createCpuBackend } from "@tensorkit/backend-cpu";
import type { Module } from "@tensorkit/nn";
import { registerBackend, type Tensor, tidy } from "@tensorkit/tensor";
import * as ort from "onnxruntime-node";
import { expect } from "vitest";

registerBackend("cpu", createCpuBackend);

/** onnxruntime's output for `x` (float32), with its dims. */
export async function runOnnx(
  bytes: Uint8Array,
  x: Tensor,
  names: { input?: string; output?: string } = {},
): Promise<{ data: Float32Array; dims: number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds = {
      [names.input ?? "input"]: new ort.Tensor(
        "float32",
        Float32Array.from(x.dataSync() as ArrayLike<number>),
        [...x.shape],
      ),
    };
    const out = (await session.run(feeds))[names.output ?? "output"]!;
    return { data: out.data as Float32Array, dims: [...out.dims] };
  } finally {
    await session.release();
  }
}

/** Exported and tensorkit outputs agree element-wise within |a − b| ≤ tol·(1 + |b|); returns the max difference. */
export async function expectSameOutputs(
  model: Module,
  bytes: Uint8Array,
  x: Tensor,
  tol = 1e-4,
): Promise<number> {
  model.eval();
  const want = tidy(() => model.call(x));
  const got = await runOnnx(bytes, x);
  expect(got.dims).toEqual(want.shape);
  const w = want.dataSync() as ArrayLike<number>;
  let max = 0;
  const bad: string[] = [];
  for (let i = 0; i < w.length; i++) {
    const d = Math.abs(got.data[i]! - w[i]!);
    max = Math.max(max, d);
    if (!(d <= tol * (1 + Math.abs(w[i]!)))) bad.push(`[${i}] onnxruntime ${got.data[i]}, tensorkit ${w[i]}`);
  }
  expect(bad.slice(0, 8)).toEqual([]);
  want.dispose();
  return max;
}
