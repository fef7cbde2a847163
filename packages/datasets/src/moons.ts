import { tensor } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";
import { checkCount, checkNonNegative, generator, permutation, reorderRows } from "./random.js";

/** Options of {@link moons}. */
export interface MoonsOptions {
  /** Total points (default 100); the outer moon gets ⌊n/2⌋, the inner one the rest. */
  readonly nSamples?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0). */
  readonly noise?: number;
  /** Shuffle the rows (default true). */
  readonly shuffle?: boolean;
  readonly seed?: number;
}

/**
 * Two interleaving half circles, as scikit-learn's `make_moons`: class 0 on the upper unit half
 * circle centred at (0, 0), class 1 on the lower one centred at (1, 0.5), points evenly spaced
 * in angle, then noise. `x` float32 `[n, 2]`, `y` int32 `[n]`.
 *
 * @example
 * ```ts
 * const { x, y } = moons({ nSamples: 200, noise: 0.1, seed: 0 });
 * ```
 */
export function moons(options: MoonsOptions = {}): DataBundle {
  const op = "moons";
  const n = options.nSamples ?? 100;
  checkCount(n, "nSamples", op, 2);
  const noise = options.noise ?? 0;
  checkNonNegative(noise, "noise", op);
  const g = generator(options.seed, op);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  let x = new Float64Array(2 * n);
  let y = new Int32Array(n);
  const angle = (i: number, m: number) => (m === 1 ? 0 : (Math.PI * i) / (m - 1)); // linspace(0, π, m)
  for (let i = 0; i < nOut; i++) {
    x[2 * i] = Math.cos(angle(i, nOut));
    x[2 * i + 1] = Math.sin(angle(i, nOut));
  }
  for (let i = 0; i < nIn; i++) {
    const r = nOut + i;
    x[2 * r] = 1 - Math.cos(angle(i, nIn));
    x[2 * r + 1] = 1 - Math.sin(angle(i, nIn)) - 0.5;
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
    description: `Two moons (as scikit-learn's make_moons): ${n} points, noise ${noise}, seed ${options.seed ?? 0}.`,
  });
}
