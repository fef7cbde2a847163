import type { Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";

/**
 * One finite-difference gradient check: `f` of float64 `inputs()`. Inputs are built lazily (inside
 * the test's `tidy`). Every case is also run with each input held as a non-contiguous view.
 */
export interface GradCase {
  readonly name: string;
  readonly inputs: () => Tensor[];
  readonly f: (...xs: Tensor[]) => Tensor;
}

/**
 * Distinct float64 values in (lo, hi), spread evenly and shuffled by `seed`: no two are closer
 * than (hi - lo) / n (so max/min/maxPool never tie, even after a ±1e-6 finite-difference step), and
 * none sits on 0 or the midpoint (the kinks of abs and relu) thanks to the 0.3 offset.
 */
export function distinct(shape: readonly number[], lo = -2, hi = 2, seed = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, (_, k) => lo + ((hi - lo) * (k + 0.3)) / n);
  let state = (seed * 2654435761) >>> 0;
  for (let i = n - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [v[i], v[j]] = [v[j]!, v[i]!];
  }
  return tk.tensor(Float64Array.from(v), { shape: [...shape], dtype: "float64" });
}

const d = distinct;
const idx = (values: number[][] | number[]) => tk.tensor(values, "int32");

/** Unary ops, on inputs away from their kinks and outside their poles. */
const unary: GradCase[] = [
  ["neg", (x: Tensor) => tk.neg(x)],
  ["abs", (x: Tensor) => tk.abs(x)],
  ["exp", (x: Tensor) => tk.exp(x)],
  ["log", (x: Tensor) => tk.log(x), 0.2, 3],
  ["log1p", (x: Tensor) => tk.log1p(x), -0.8, 2],
  ["expm1", (x: Tensor) => tk.expm1(x)],
  ["sqrt", (x: Tensor) => tk.sqrt(x), 0.2, 3],
  ["rsqrt", (x: Tensor) => tk.rsqrt(x), 0.2, 3],
  ["square", (x: Tensor) => tk.square(x)],
  ["reciprocal", (x: Tensor) => tk.reciprocal(x), 0.3, 3],
  ["sin", (x: Tensor) => tk.sin(x)],
  ["cos", (x: Tensor) => tk.cos(x)],
  ["tanh", (x: Tensor) => tk.tanh(x)],
  ["erf", (x: Tensor) => tk.erf(x)],
  ["sigmoid", (x: Tensor) => tk.sigmoid(x)],
  ["relu", (x: Tensor) => tk.relu(x)],
  ["leakyRelu", (x: Tensor) => tk.leakyRelu(x, { negativeSlope: 0.2 })],
  ["elu", (x: Tensor) => tk.elu(x, { alpha: 0.7 })],
  ["gelu", (x: Tensor) => tk.gelu(x)],
  ["gelu tanh", (x: Tensor) => tk.gelu(x, { approximate: "tanh" })],
  ["softplus", (x: Tensor) => tk.softplus(x)],
  // beta·x crosses the threshold (5) inside the range: both branches are checked
  ["softplus beta 2 threshold 5", (x: Tensor) => tk.softplus(x, { beta: 2, threshold: 5 }), -3, 4],
  // piecewise constant: the gradient is zero (PyTorch), inputs away from the jumps
  ["floor", (x: Tensor) => tk.floor(x)],
  ["ceil", (x: Tensor) => tk.ceil(x)],
  ["round", (x: Tensor) => tk.round(x)],
  ["sign", (x: Tensor) => tk.sign(x)],
].map(([name, f, lo, hi]) => ({
  name: `${name as string}`,
  inputs: () => [d([3, 4], (lo as number | undefined) ?? -2, (hi as number | undefined) ?? 2, 7)],
  f: f as (x: Tensor) => Tensor,
}));

type Binary = (a: Tensor, b: Tensor) => Tensor;
const binaryOps: [string, Binary, number, number][] = [
  ["add", tk.add, -2, 2],
  ["sub", tk.sub, -2, 2],
  ["mul", tk.mul, -2, 2],
  ["div", tk.div, 0.5, 2],
  ["pow", tk.pow, 0.5, 2],
  ["maximum", tk.maximum, -2, 2],
  ["minimum", tk.minimum, -2, 2],
];

/** Binary ops, broadcasting one way, both ways, and against a 0-d tensor. */
const binary: GradCase[] = binaryOps.flatMap(([name, op, lo, hi]) => [
  { name: `${name} [2,3] and [3]`, inputs: () => [d([2, 3], lo, hi, 1), d([3], lo, hi, 2)], f: op },
  { name: `${name} [2,1] and [1,3]`, inputs: () => [d([2, 1], lo, hi, 3), d([1, 3], lo, hi, 4)], f: op },
  { name: `${name} [3] and []`, inputs: () => [d([3], lo, hi, 5), d([], lo, hi, 6)], f: op },
  // a JS number on one side: the gradient flows to the tensor only
  {
    name: `${name} with a JS number`,
    inputs: () => [d([2, 3], lo, hi, 8)],
    f: (a: Tensor) => op(a, 1.25 as never),
  },
]);

/** Reductions over all axes, one axis, several axes (with keepDims). */
const reductions: GradCase[] = (
  [
    ["sum", (x, axis, keepDims) => tk.sum(x, axis, { keepDims })],
    ["mean", (x, axis, keepDims) => tk.mean(x, axis, { keepDims })],
    ["prod", (x, axis, keepDims) => tk.prod(x, axis, { keepDims })],
    ["max", (x, axis, keepDims) => tk.max(x, axis, { keepDims })],
    ["min", (x, axis, keepDims) => tk.min(x, axis, { keepDims })],
    ["logSumExp", (x, axis, keepDims) => tk.logSumExp(x, axis, { keepDims })],
    ["variance", (x, axis, keepDims) => tk.variance(x, axis, { keepDims })],
    ["variance correction 0", (x, axis, keepDims) => tk.variance(x, axis, { keepDims, correction: 0 })],
    ["std", (x, axis, keepDims) => tk.std(x, axis, { keepDims })],
    ["std correction 0", (x, axis, keepDims) => tk.std(x, axis, { keepDims, correction: 0 })],
  ] as [string, (x: Tensor, axis: number | number[] | undefined, keepDims: boolean) => Tensor][]
).flatMap(([name, op]) =>
  (
    [
      ["all", undefined, false],
      ["axis 1", 1, false],
      ["axes [0,2] keepDims", [0, 2], true],
      ["axis -1 keepDims", -1, true],
    ] as [string, number | number[] | undefined, boolean][]
  ).map(([what, axis, keepDims]) => ({
    name: `${name} ${what}`,
    // prod: magnitudes in [0.5, 1.5] keep the product of 24 values moderate
    inputs: () => [
      name === "prod"
        ? tk.mul(tk.sign(d([2, 3, 4], -1, 1, 9)), tk.add(tk.abs(d([2, 3, 4], -1, 1, 9)), 0.5))
        : d([2, 3, 4], -2, 2, 9),
    ],
    f: (x: Tensor) => op(x, axis, keepDims),
  })),
);

/** matmul in every shape combination it accepts. */
const matmuls: GradCase[] = (
  [
    ["2-D", [3, 4], [4, 2], {}],
    ["transposeA", [4, 3], [4, 2], { transposeA: true }],
    ["transposeB", [3, 4], [2, 4], { transposeB: true }],
    ["transposeA transposeB", [4, 3], [2, 4], { transposeA: true, transposeB: true }],
    ["batched", [2, 3, 4], [2, 4, 2], {}],
    ["broadcast batch", [2, 1, 3, 4], [3, 4, 2], {}],
    ["batched by 2-D", [2, 3, 4], [4, 2], {}],
    ["vector·vector", [4], [4], {}],
    ["matrix·vector", [3, 4], [4], {}],
    ["vector·matrix", [4], [4, 2], {}],
    ["batched·vector", [2, 3, 4], [4], {}],
  ] as [string, number[], number[], tk.MatmulOptions][]
).map(([name, a, b, options]) => ({
  name: `matmul ${name}`,
  inputs: () => [d(a, -1, 1, 11), d(b, -1, 1, 12)],
  f: (x: Tensor, y: Tensor) => tk.matmul(x, y, options),
}));

/** Convolutions: the gradient with respect to both the input and the weight. */
const convs: GradCase[] = [
  ...(
    [
      ["default", [1, 2, 7], [3, 2, 3], {}],
      ["stride 2 padding 1", [2, 2, 7], [3, 2, 3], { stride: 2, padding: 1 }],
      ["same dilation 2", [1, 2, 7], [2, 2, 3], { padding: "same", dilation: 2 }],
      ["same even kernel", [1, 2, 6], [2, 2, 4], { padding: "same" }],
      ["groups 2", [1, 4, 6], [4, 2, 3], { groups: 2 }],
      ["unbatched", [2, 6], [3, 2, 3], { padding: 1 }],
    ] as [string, number[], number[], tk.Conv1dOptions][]
  ).map(([name, xs, ws, options]) => ({
    name: `conv1d ${name}`,
    inputs: () => [d(xs, -1, 1, 13), d(ws, -1, 1, 14)],
    f: (x: Tensor, w: Tensor) => tk.conv1d(x, w, options),
  })),
  ...(
    [
      ["default", [1, 2, 5, 5], [2, 2, 3, 3], {}],
      ["stride [2,1] padding [1,0]", [1, 2, 5, 6], [2, 2, 3, 3], { stride: [2, 1], padding: [1, 0] }],
      ["same", [1, 1, 5, 4], [2, 1, 3, 2], { padding: "same" }],
      ["dilation 2 padding 2", [1, 1, 6, 6], [2, 1, 3, 3], { dilation: 2, padding: 2 }],
      ["groups 2", [1, 4, 4, 4], [2, 2, 2, 2], { groups: 2 }],
      ["depthwise stride 2", [2, 2, 5, 5], [2, 1, 3, 3], { groups: 2, stride: 2, padding: 1 }],
      ["unbatched", [1, 4, 4], [2, 1, 3, 3], { padding: 1 }],
    ] as [string, number[], number[], tk.Conv2dOptions][]
  ).map(([name, xs, ws, options]) => ({
    name: `conv2d ${name}`,
    inputs: () => [d(xs, -1, 1, 15), d(ws, -1, 1, 16)],
    f: (x: Tensor, w: Tensor) => tk.conv2d(x, w, options),
  })),
];

const pools: GradCase[] = (
  [
    ["maxPool2d kernel 2", (x) => tk.maxPool2d(x, { kernelSize: 2 })],
    [
      "maxPool2d kernel 3 stride 2 padding 1",
      (x) => tk.maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }),
    ],
    [
      "maxPool2d kernel [2,3] stride 1 dilation [1,2]",
      (x) => tk.maxPool2d(x, { kernelSize: [2, 3], stride: 1, dilation: [1, 2] }),
    ],
    ["avgPool2d kernel 2", (x) => tk.avgPool2d(x, { kernelSize: 2 })],
    [
      "avgPool2d kernel 3 stride 2 padding 1",
      (x) => tk.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }),
    ],
    [
      "avgPool2d padding 1 countIncludePad false",
      (x) => tk.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }),
    ],
  ] as [string, (x: Tensor) => Tensor][]
).map(([name, f]) => ({ name, inputs: () => [d([1, 2, 5, 6], -2, 2, 17)], f }));

const indexing: GradCase[] = [
  {
    name: "gather axis 1, repeated indices",
    inputs: () => [d([3, 4], -2, 2, 18)],
    f: (x) =>
      tk.gather(
        x,
        1,
        idx([
          [0, 0, 3],
          [2, 2, 2],
          [1, 3, 1],
        ]),
      ),
  },
  {
    name: "gather axis 0 of 3-D",
    inputs: () => [d([3, 2, 2], -2, 2, 19)],
    f: (x) =>
      tk.gather(
        x,
        0,
        tk.tensor(
          [
            [
              [2, 0],
              [1, 1],
            ],
            [
              [0, 0],
              [2, 1],
            ],
          ],
          "int32",
        ),
      ),
  },
  {
    name: "indexSelect axis 0, repeated",
    inputs: () => [d([3, 4], -2, 2, 20)],
    f: (x) => tk.indexSelect(x, 0, idx([2, 0, 2, 2])),
  },
  {
    name: "indexSelect axis -1, negative index",
    inputs: () => [d([2, 4], -2, 2, 21)],
    f: (x) => tk.indexSelect(x, -1, idx([-1, 0, 1, -1])),
  },
  {
    name: "scatterAdd axis 0, colliding indices (x and src)",
    inputs: () => [d([3, 4], -2, 2, 22), d([2, 4], -2, 2, 23)],
    f: (x, src) =>
      tk.scatterAdd(
        x,
        0,
        idx([
          [0, 1, 0, 0],
          [2, 2, 2, 0],
        ]),
        src!,
      ),
  },
  {
    name: "scatterAdd axis 1",
    inputs: () => [d([3, 4], -2, 2, 24), d([3, 3], -2, 2, 25)],
    f: (x, src) =>
      tk.scatterAdd(
        x,
        1,
        idx([
          [1, 1, 3],
          [0, 2, 0],
          [3, 3, 3],
        ]),
        src!,
      ),
  },
];

const softmaxes: GradCase[] = [
  { name: "softmax axis -1", inputs: () => [d([3, 4], -3, 3, 26)], f: (x) => tk.softmax(x, -1) },
  { name: "softmax axis 0", inputs: () => [d([3, 4], -3, 3, 27)], f: (x) => tk.softmax(x, 0) },
  { name: "softmax axis 1 of 3-D", inputs: () => [d([2, 3, 2], -3, 3, 28)], f: (x) => tk.softmax(x, 1) },
  { name: "logSoftmax axis -1", inputs: () => [d([3, 4], -3, 3, 29)], f: (x) => tk.logSoftmax(x, -1) },
  { name: "logSoftmax axis 0", inputs: () => [d([3, 4], -3, 3, 30)], f: (x) => tk.logSoftmax(x, 0) },
];

const x34 = () => [d([3, 4], -2, 2, 31)];
const x234 = () => [d([2, 3, 4], -2, 2, 32)];
const movement: GradCase[] = [
  {
    name: "slice with steps",
    inputs: () => [d([5, 6], -2, 2, 33)],
    f: (x) =>
      tk.slice(x, [
        [1, 5, 2],
        [0, 6, 3],
      ]),
  },
  { name: "slice dropping an axis", inputs: x234, f: (x) => tk.slice(x, [1, [0, 3, 2], null]) },
  { name: "slice negative bounds", inputs: x234, f: (x) => tk.slice(x, [null, [-2], [-3, -1]]) },
  {
    name: "pad",
    inputs: x34,
    f: (x) =>
      tk.pad(
        x,
        [
          [1, 0],
          [2, 1],
        ],
        { value: 0.5 },
      ),
  },
  {
    name: "concat axis 1 (three inputs)",
    inputs: () => [d([2, 3], -2, 2, 34), d([2, 1], -2, 2, 35), d([2, 2], -2, 2, 36)],
    f: (...xs) => tk.concat(xs, 1),
  },
  { name: "concat axis 0, same tensor twice", inputs: x34, f: (x) => tk.concat([x, tk.mul(x, 2)], 0) },
  {
    name: "split into chunks (one piece unused)",
    inputs: () => [d([2, 7], -2, 2, 37)],
    f: (x) => {
      const [a, , c] = tk.split(x, 3, 1);
      return tk.concat([tk.mul(a!, 2), tk.exp(c!)], 1);
    },
  },
  {
    name: "split by sizes along axis 0",
    inputs: () => [d([5, 2], -2, 2, 38)],
    f: (x) => {
      const [a, b] = tk.split(x, [2, 3], 0);
      return tk.add(tk.sum(tk.square(a!)), tk.sum(tk.sin(b!)));
    },
  },
  {
    name: "stack axis 1",
    inputs: () => [d([2, 3], -2, 2, 39), d([2, 3], -2, 2, 40)],
    f: (a, b) => tk.stack([a!, b!], 1),
  },
  { name: "permute", inputs: x234, f: (x) => tk.mul(tk.permute(x, [2, 0, 1]), d([4, 2, 3], -1, 1, 41)) },
  { name: "transpose", inputs: x34, f: (x) => tk.mul(tk.transpose(x), d([4, 3], -1, 1, 42)) },
  {
    name: "expand",
    inputs: () => [d([3, 1], -2, 2, 43)],
    f: (x) => tk.mul(tk.expand(x, [2, 3, 4]), d([2, 3, 4], -1, 1, 44)),
  },
  {
    name: "broadcastTo",
    inputs: () => [d([4], -2, 2, 45)],
    f: (x) => tk.mul(tk.broadcastTo(x, [3, 4]), d([3, 4], -1, 1, 46)),
  },
  { name: "flip", inputs: x234, f: (x) => tk.mul(tk.flip(x, [0, 2]), d([2, 3, 4], -1, 1, 47)) },
  {
    name: "tile",
    inputs: () => [d([2, 3], -2, 2, 48)],
    f: (x) => tk.mul(tk.tile(x, [2, 1, 2]), d([2, 2, 6], -1, 1, 49)),
  },
  { name: "reshape", inputs: x234, f: (x) => tk.mul(tk.reshape(x, [4, -1]), d([4, 6], -1, 1, 50)) },
  { name: "flatten", inputs: x234, f: (x) => tk.exp(tk.flatten(x, 1)) },
  {
    name: "squeeze and unsqueeze",
    inputs: () => [d([3, 1, 2], -2, 2, 51)],
    f: (x) => tk.exp(tk.unsqueeze(tk.squeeze(x, 1), 0)),
  },
  { name: "contiguous of a transposed view", inputs: x34, f: (x) => tk.exp(tk.contiguous(tk.transpose(x))) },
  { name: "clone", inputs: x34, f: (x) => tk.sin(tk.clone(x)) },
];

const selection: GradCase[] = [
  {
    name: "where (broadcast condition and branches)",
    inputs: () => [d([2, 3], -2, 2, 52), d([3], -2, 2, 53)],
    f: (a, b) =>
      tk.where(
        tk.tensor([
          [true, false, true],
          [false, false, true],
        ]),
        a!,
        b!,
      ),
  },
  {
    name: "where with a scalar branch",
    inputs: x34,
    f: (a) => tk.where(tk.greater(a, 0), tk.square(a), 0.5),
  },
  { name: "clamp min and max", inputs: x34, f: (x) => tk.clamp(x, { min: -0.55, max: 0.75 }) },
  { name: "clamp min only", inputs: x34, f: (x) => tk.clamp(x, { min: 0.15 }) },
  { name: "clamp max only", inputs: x34, f: (x) => tk.clamp(x, { max: 0.15 }) },
  // tensor bounds receive the gradient where they are the result
  {
    name: "clamp with tensor bounds",
    inputs: () => [d([2, 4], -2, 2, 54), d([4], -2, -0.2, 55), d([2, 1], 0.3, 1.5, 56)],
    f: (x, lo, hi) => tk.clamp(x, { min: lo!, max: hi! }),
  },
  // a float64 → float32 → float64 round trip would lose the finite differences: the cast
  // between float dtypes is checked against hand values in its own test; here float64 → float64
  { name: "cast float64 to float64", inputs: x34, f: (x) => tk.mul(tk.cast(x, "float64"), x) },
];

/** A composite: a small MLP in float64, every op above working together. */
const composites: GradCase[] = [
  {
    name: "two-layer MLP with cross-entropy",
    inputs: () => [d([4, 3], -1, 1, 57), d([5, 3], -1, 1, 58), d([5], -0.5, 0.5, 59), d([2, 5], -1, 1, 60)],
    f: (x, w1, b1, w2) => {
      const h = tk.tanh(tk.add(tk.matmul(x!, w1!, { transposeB: true }), b1!));
      const logits = tk.matmul(h, w2!, { transposeB: true });
      const picked = tk.gather(tk.logSoftmax(logits, 1), 1, idx([[0], [1], [1], [0]]));
      return tk.neg(tk.mean(picked));
    },
  },
];

/** Every gradient check of the family, grouped for `describe` blocks. */
export const GRAD_CASES: Readonly<Record<string, readonly GradCase[]>> = {
  unary,
  binary,
  reductions,
  matmul: matmuls,
  convolution: convs,
  pooling: pools,
  indexing,
  softmax: softmaxes,
  movement,
  selection,
  composite: composites,
};
