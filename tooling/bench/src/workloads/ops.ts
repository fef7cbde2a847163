import type { Tensor4D } from "@tensorflow/tfjs-core";
import type { Workload } from "../workload.js";
import { permute } from "./layout.js";
import { tensorkitOp, tfjsOp } from "./single-op.js";

/** Single-op workloads: the kernels every model leans on, float32, one op per timed run. */

const M = 1_000_000;

/**
 * An n×n product; `transposed` reads A or B through a transposed view, as backward passes do
 * (a Linear layer's input gradient is dy·W, its weight gradient xᵀ·dy): TensorFlow.js's
 * `matMul(a, b, transposeA, transposeB)` against tensorkit's matmul of a `.transpose()` view.
 */
function matmul(n: number, transposed?: "A" | "B"): Workload {
  const label = transposed === "A" ? "Aᵀ·B" : transposed === "B" ? "A·Bᵀ" : "A·B";
  return {
    name: transposed ? `matmul ${n} ${label}` : `matmul ${n}`,
    description: `float32 [${n},${n}] @ [${n},${n}]${transposed ? ` as ${label}` : ""}`,
    unit: "GFLOP/s",
    work: (2 * n ** 3) / 1e9,
    inputs: [
      [n, n],
      [n, n],
    ],
    quick: n <= 512 && !transposed,
    tensorkit: (tk, inputs) =>
      tensorkitOp(tk, inputs, ([a, b]) =>
        tk.matmul(transposed === "A" ? a!.transpose(0, 1) : a!, transposed === "B" ? b!.transpose(0, 1) : b!),
      ),
    tfjs: (tf, inputs) =>
      tfjsOp(tf, inputs, ([a, b]) => tf.matMul(a!, b!, transposed === "A", transposed === "B")),
  };
}

type Binary = "add" | "mul";

function elementwise(op: Binary): Workload {
  return {
    name: `${op} 1M`,
    description: `float32 [1M] ${op === "add" ? "+" : "*"} [1M], element-wise`,
    unit: "Melem/s",
    work: M / 1e6,
    inputs: [[M], [M]],
    tensorkit: (tk, inputs) => tensorkitOp(tk, inputs, ([a, b]) => tk[op](a!, b!)),
    tfjs: (tf, inputs) => tfjsOp(tf, inputs, ([a, b]) => tf[op](a!, b!)),
  };
}

const sum: Workload = {
  name: "sum 1M",
  description: "float32 [1M] summed over all elements to a scalar",
  unit: "Melem/s",
  work: M / 1e6,
  inputs: [[M]],
  tensorkit: (tk, inputs) => tensorkitOp(tk, inputs, ([x]) => tk.sum(x!)),
  tfjs: (tf, inputs) => tfjsOp(tf, inputs, ([x]) => tf.sum(x!)),
};

const softmax: Workload = {
  name: "softmax 64x1000",
  description: "float32 [64,1000], softmax along the last axis",
  unit: "Melem/s",
  work: (64 * 1000) / 1e6,
  inputs: [[64, 1000]],
  tensorkit: (tk, inputs) => tensorkitOp(tk, inputs, ([x]) => tk.softmax(x!, -1)),
  tfjs: (tf, inputs) => tfjsOp(tf, inputs, ([x]) => tf.softmax(x!, -1)),
};

// conv2d: tensorkit is NCHW with OIHW filters (PyTorch's layouts), TensorFlow.js NHWC with HWIO
// filters. The inputs are permuted for TensorFlow.js before timing, and its output permuted back
// to NCHW for the comparison only.
const [N, C, H, W] = [64, 1, 28, 28];
const [O, KH, KW] = [8, 3, 3];

const conv2d: Workload = {
  name: "conv2d 64x1x28x28 k3x8",
  description: `float32 [${N},${C},${H},${W}] * [${O},${C},${KH},${KW}], stride 1, padding 1 (NCHW)`,
  unit: "GFLOP/s",
  // The output is [N,O,28,28] (padding 1 keeps the size); each element is C·KH·KW multiply-adds.
  work: (2 * N * O * H * W * C * KH * KW) / 1e9,
  inputs: [
    [N, C, H, W],
    [O, C, KH, KW],
  ],
  tensorkit: (tk, inputs) =>
    tensorkitOp(tk, inputs, ([x, w]) => tk.conv2d(x!, w!, { stride: 1, padding: 1 })),
  tfjs: (tf, [x, w]) =>
    tfjsOp(
      tf,
      [
        { data: permute(x!.data, x!.shape, [0, 2, 3, 1]), shape: [N, H, W, C] },
        { data: permute(w!.data, w!.shape, [2, 3, 1, 0]), shape: [KH, KW, C, O] },
      ],
      ([x, w]) => tf.conv2d(x as Tensor4D, w as Tensor4D, 1, 1),
      (out) => permute(out, [N, H, W, O], [0, 3, 1, 2]),
    ),
};

/** matmul 128…1024, add/mul/sum over 1M elements, softmax, conv2d. */
export const opWorkloads: readonly Workload[] = [
  ...[128, 256, 512, 1024].map((n) => matmul(n)),
  matmul(512, "A"),
  matmul(512, "B"),
  elementwise("add"),
  elementwise("mul"),
  sum,
  softmax,
  conv2d,
];
