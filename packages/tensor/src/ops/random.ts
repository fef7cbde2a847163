import type { DType } from "../core/dtype.js";
import { ShapeError, ValueError } from "../core/errors.js";
import { defaultGenerator, type Generator } from "../core/random.js";
import { formatShape, type Shape, sizeOf, validateShape } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { creationBackend, upload } from "./dispatch.js";

/** Options of the random creation functions. */
export interface RandomOptions {
  /** float32 unless given (int32 for `randint`). */
  readonly dtype?: DType;
  /** The generator to draw from; the default one is seeded by `manualSeed`. */
  readonly generator?: Generator;
}

function draw(
  shape: Shape,
  op: string,
  sample: (g: Generator) => number,
  options: RandomOptions,
  dtype: DType,
): Tensor {
  validateShape(shape, op);
  const g = options.generator ?? defaultGenerator;
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sample(g);
  return upload(creationBackend(), out, shape, dtype, op);
}

/** Uniform samples in [0, 1). @example `rand([2, 3])` */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  return draw(shape, "rand", (g) => g.nextFloat(), options, options.dtype ?? "float32");
}

/** Standard normal samples. @example `manualSeed(0); const w = randn([784, 128])` */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  return draw(shape, "randn", (g) => g.nextNormal(), options, options.dtype ?? "float32");
}

/** Uniform samples with `like`'s shape. @example `randLike(x)` */
export function randLike(like: Tensor, options: RandomOptions = {}): Tensor {
  return rand(like.shape, { dtype: like.dtype, ...options });
}

/** Standard normal samples with `like`'s shape. @example `randnLike(x)` */
export function randnLike(like: Tensor, options: RandomOptions = {}): Tensor {
  return randn(like.shape, { dtype: like.dtype, ...options });
}

/** Uniform integers in [low, high) (int32 by default). @example `randint(0, 10, [5])` */
export function randint(low: number, high: number, shape: Shape, options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(`randint: need integers low < high, got low=${low}, high=${high}`);
  }
  const span = high - low;
  return draw(shape, "randint", (g) => low + g.nextBelow(span), options, options.dtype ?? "int32");
}

/**
 * 1 with probability `p`, else 0, element-wise. `p` is a tensor of probabilities (the result has
 * its shape) or a number together with `shape`.
 *
 * @example
 * ```ts
 * const mask = bernoulli(0.8, { shape: [64, 128] }); // dropout keep-mask
 * ```
 */
export function bernoulli(
  p: Tensor | number,
  options: RandomOptions & { readonly shape?: Shape } = {},
): Tensor {
  const probs = typeof p === "number" ? null : p.dataSync();
  const shape = typeof p === "number" ? options.shape : p.shape;
  if (shape === undefined)
    throw new ValueError("bernoulli: a number p needs a shape, e.g. bernoulli(0.5, { shape: [3] })");
  const at = (i: number): number => (probs ? probs[i]! : (p as number));
  const n = sizeOf(shape);
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (!(v >= 0 && v <= 1))
      throw new ValueError(`bernoulli: probability ${v} at flat index ${i} is outside [0, 1]`);
  }
  let i = 0;
  const dtype =
    options.dtype ??
    (typeof p === "number" || p.dtype === "bool" || p.dtype === "int32" ? "float32" : p.dtype);
  return draw(shape, "bernoulli", (g) => (g.nextDouble() < at(i++) ? 1 : 0), options, dtype);
}

/** A random permutation of 0…n-1 (int32; Fisher–Yates). @example `randperm(10)` */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`randperm: n must be an integer ≥ 0, got ${n}`);
  validateShape([n], "randperm");
  const g = options.generator ?? defaultGenerator;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.nextBelow(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return upload(creationBackend(), out, [n], options.dtype ?? "int32", "randperm");
}

/** Options of {@link multinomial}. */
export interface MultinomialOptions extends RandomOptions {
  /** Draw with replacement. Default false, as PyTorch. */
  readonly replacement?: boolean;
}

/**
 * Draws `numSamples` category indices per row of `probs` (1-D `[k]` or 2-D `[n, k]` non-negative
 * weights, not necessarily normalised), as `torch.multinomial`.
 *
 * @example
 * ```ts
 * multinomial(tensor([0.1, 0.7, 0.2]), 5, { replacement: true });
 * ```
 */
export function multinomial(probs: Tensor, numSamples: number, options: MultinomialOptions = {}): Tensor {
  if (probs.rank !== 1 && probs.rank !== 2)
    throw new ShapeError(`multinomial: probs must be 1-D or 2-D, got shape ${formatShape(probs.shape)}`);
  const replacement = options.replacement ?? false;
  const k = probs.shape[probs.rank - 1]!;
  const rows = probs.rank === 1 ? 1 : probs.shape[0]!;
  if (!Number.isInteger(numSamples) || numSamples <= 0)
    throw new ValueError(`multinomial: numSamples must be a positive integer, got ${numSamples}`);
  if (!replacement && numSamples > k) {
    throw new ValueError(
      `multinomial: cannot draw ${numSamples} samples without replacement from ${k} categories`,
    );
  }
  const w = probs.dataSync();
  const g = options.generator ?? defaultGenerator;
  const out = new Int32Array(rows * numSamples);
  for (let r = 0; r < rows; r++) {
    const weights = Array.from(w.subarray(r * k, (r + 1) * k));
    weights.forEach((v, j) => {
      if (!(v >= 0) || !Number.isFinite(v))
        throw new ValueError(`multinomial: weight ${v} at row ${r}, column ${j} must be finite and ≥ 0`);
    });
    for (let s = 0; s < numSamples; s++) {
      const total = weights.reduce((a, b) => a + b, 0);
      if (total <= 0) throw new ValueError(`multinomial: row ${r} has no positive weight left to draw from`);
      let u = g.nextDouble() * total;
      let j = 0;
      while (j < k - 1 && u >= weights[j]!) u -= weights[j++]!;
      // Rounding can carry u just past the last positive weight: step back to it.
      while (j > 0 && weights[j] === 0) j--;
      out[r * numSamples + s] = j;
      if (!replacement) weights[j] = 0;
    }
  }
  return upload(
    probs.backend,
    out,
    probs.rank === 1 ? [numSamples] : [rows, numSamples],
    "int32",
    "multinomial",
  );
}
