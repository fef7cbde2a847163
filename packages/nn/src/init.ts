import {
  defaultGenerator,
  type Generator,
  type Shape,
  type Tensor,
  TensorkitError,
  tensor,
  ValueError,
} from "@tensorkit/tensor";

/**
 * Weight initialisers with PyTorch's semantics (`torch.nn.init`). Each returns a new float32
 * tensor of `shape`, drawn from tensorkit's seeded generator; layers use them through `tidy`
 * and wrap the result in a `Parameter`. Fans follow PyTorch: for `[out, in, ...kernel]`,
 * fanIn = in·Πkernel and fanOut = out·Πkernel.
 */

/** Options shared by the random initialisers. */
export interface InitOptions {
  readonly generator?: Generator;
}

/** Nonlinearities `calculateGain` knows, as PyTorch names them. */
export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";

/**
 * The recommended gain for a nonlinearity (PyTorch's `calculate_gain`).
 *
 * @example
 * ```ts
 * calculateGain("relu"); // √2
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear":
    case "conv1d":
    case "conv2d":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu": {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      return 3 / 4;
    default:
      throw new ValueError(`calculateGain: unknown nonlinearity '${String(nonlinearity)}'`);
  }
}

/** PyTorch's fan computation; a 1-D shape has no fans. */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length < 2)
    throw new ValueError(
      `init: fan in and fan out need at least 2 dimensions, got shape [${shape.join(",")}]`,
    );
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

function sample(shape: Shape, draw: (g: Generator) => number, options: InitOptions): Tensor {
  const g = options.generator ?? defaultGenerator;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = draw(g);
  return tensor(out, { shape });
}

/** U(low, high). @example `uniform([3], -0.1, 0.1)` */
export function uniform(shape: Shape, low = 0, high = 1, options: InitOptions = {}): Tensor {
  return sample(shape, (g) => low + (high - low) * g.nextDouble(), options);
}

/** N(mean, std²). @example `normal([3], 0, 0.02)` */
export function normal(shape: Shape, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  return sample(shape, (g) => mean + std * g.nextNormal(), options);
}

/** A constant. @example `constant([3], 0.1)` */
export function constant(shape: Shape, value: number): Tensor {
  return sample(shape, () => value, {});
}

/** Glorot/Xavier uniform: U(±gain·√(6/(fanIn+fanOut))). @example `xavierUniform([128, 784])` */
export function xavierUniform(shape: Shape, options: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(shape);
  const bound = (options.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, -bound, bound, options);
}

/** Glorot/Xavier normal: N(0, gain²·2/(fanIn+fanOut)). @example `xavierNormal([128, 784])` */
export function xavierNormal(shape: Shape, options: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(shape);
  return normal(shape, 0, (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), options);
}

/** Options of the Kaiming/He initialisers (PyTorch's defaults). */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the rectifier after this layer (leaky_relu), default 0. */
  readonly a?: number;
  readonly mode?: "fanIn" | "fanOut";
  readonly nonlinearity?: Nonlinearity;
}

function kaimingStd(shape: Shape, options: KaimingOptions): number {
  const { fanIn, fanOut } = fans(shape);
  const fan = (options.mode ?? "fanIn") === "fanIn" ? fanIn : fanOut;
  const gain = calculateGain(options.nonlinearity ?? "leaky_relu", options.a ?? 0);
  return gain / Math.sqrt(fan);
}

/** Kaiming/He uniform: U(±√3·gain/√fan). @example `kaimingUniform([64, 3, 3, 3], { nonlinearity: "relu" })` */
export function kaimingUniform(shape: Shape, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(shape, options);
  return uniform(shape, -bound, bound, options);
}

/** Kaiming/He normal: N(0, (gain/√fan)²). @example `kaimingNormal([128, 784], { nonlinearity: "relu" })` */
export function kaimingNormal(shape: Shape, options: KaimingOptions = {}): Tensor {
  return normal(shape, 0, kaimingStd(shape, options), options);
}

/**
 * A (semi-)orthogonal matrix, scaled by `gain`, from the QR decomposition of a normal sample
 * with the sign of R's diagonal folded in (PyTorch's `orthogonal_`). Trailing dimensions are
 * flattened: `[rows, cols·…]`.
 *
 * @example
 * ```ts
 * orthogonal([4, 4]); // W Wᵀ = I
 * ```
 */
export function orthogonal(shape: Shape, options: InitOptions & { gain?: number } = {}): Tensor {
  if (shape.length < 2)
    throw new ValueError(`orthogonal: needs at least 2 dimensions, got [${shape.join(",")}]`);
  const rows = shape[0]!;
  const cols = shape.slice(1).reduce((a, b) => a * b, 1);
  const g = options.generator ?? defaultGenerator;
  // Work on the tall orientation (m ≥ n), then transpose back.
  const [m, n] = rows < cols ? [cols, rows] : [rows, cols];
  const a = Array.from({ length: m }, () => Array.from({ length: n }, () => g.nextNormal()));
  // Modified Gram–Schmidt on the columns of a (m×n): q has orthonormal columns, r upper-triangular.
  const q = a.map((row) => row.slice());
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i]![k]! * q[i]![j]!;
      for (let i = 0; i < m; i++) q[i]![j]! -= dot * q[i]![k]!;
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i]![j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) throw new TensorkitError("orthogonal: a degenerate sample; try another seed");
    // r_jj = norm > 0, so the sign correction of PyTorch (q *= sign(diag r)) is already folded in.
    for (let i = 0; i < m; i++) q[i]![j]! /= norm;
  }
  const gain = options.gain ?? 1;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (rows < cols ? q[c]![r]! : q[r]![c]!);
  }
  return tensor(out, { shape });
}

/** Keras' initializer names, for the builders. */
export type InitializerName =
  | "glorotUniform"
  | "glorotNormal"
  | "heUniform"
  | "heNormal"
  | "orthogonal"
  | "zeros"
  | "ones";

/** A Keras initializer by name, with Keras' meaning (he* use relu gain, fan in, like Keras). */
export function initializer(name: InitializerName): (shape: Shape) => Tensor {
  switch (name) {
    case "glorotUniform":
      return (s) => xavierUniform(s);
    case "glorotNormal":
      return (s) => xavierNormal(s);
    case "heUniform":
      return (s) => kaimingUniform(s, { nonlinearity: "relu" });
    case "heNormal":
      return (s) => kaimingNormal(s, { nonlinearity: "relu" });
    case "orthogonal":
      return (s) => orthogonal(s);
    case "zeros":
      return (s) => constant(s, 0);
    case "ones":
      return (s) => constant(s, 1);
    default:
      throw new ValueError(`initializer: unknown initializer '${String(name)}'`);
  }
}
