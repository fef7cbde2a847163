import { tensor, ValueError } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";
import { checkCount, checkNonNegative, generator, permutation, reorderRows } from "./random.js";

/** Options of {@link circles}. */
export interface CirclesOptions {
  /** Total points (default 100); the outer circle gets ⌊n/2⌋, the inner one the rest. */
  readonly nSamples?: number;
  /** Radius of the inner circle relative to the outer one, in [0, 1) (default 0.8). */
  readonly factor?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0). */
  readonly noise?: number;
  readonly shuffle?: boolean;
  readonly seed?: number;
}

/**
 * Two concentric circles, as scikit-learn's `make_circles`: class 0 on the unit circle, class 1
 * on the circle of radius `factor`, points evenly spaced in angle from 0 (the end point 2π left
 * out), then noise. `x` float32 `[n, 2]`, `y` int32 `[n]`.
 *
 * @example
 * ```ts
 * const { x, y } = circles({ nSamples: 200, factor: 0.5, noise: 0.05 });
 * ```
 */
export function circles(options: CirclesOptions = {}): DataBundle {
  const op = "circles";
  const n = options.nSamples ?? 100;
  checkCount(n, "nSamples", op, 2);
  const factor = options.factor ?? 0.8;
  if (!(factor >= 0 && factor < 1)) throw new ValueError(`${op}: factor must be in [0, 1), got ${factor}`);
  const noise = options.noise ?? 0;
  checkNonNegative(noise, "noise", op);
  const g = generator(options.seed, op);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  let x = new Float64Array(2 * n);
  let y = new Int32Array(n);
  for (let i = 0; i < nOut; i++) {
    const a = (2 * Math.PI * i) / nOut;
    x[2 * i] = Math.cos(a);
    x[2 * i + 1] = Math.sin(a);
  }
  for (let i = 0; i < nIn; i++) {
    const a = (2 * Math.PI * i) / nIn;
    const r = nOut + i;
    x[2 * r] = factor * Math.cos(a);
    x[2 * r + 1] = factor * Math.sin(a);
    y[r] = 1;
  }
  if (options.shuffle ?? true) {
    const order = permutation(n, g);
    x = reorderRows(x, 2, order);
    y = reorderRows(y, 1, order);
  }
  if (noise > 0) for (let i = 0; i < x.length; i++) x[i]! += noise * g.nextNormal();
  return bundle({
    x: tensor(Float32Array.from(x), { shape: [n, 2] }),
    y: tensor(y),
    featureNames: ["x0", "x1"],
    classNames: ["outer", "inner"],
    description: `Two circles (as scikit-learn's make_circles): ${n} points, factor ${factor}, noise ${noise}.`,
  });
}
