import { tensor } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";
import { checkCount, checkNonNegative, generator, permutation, reorderRows } from "./random.js";

/** Options of {@link spirals}. */
export interface SpiralsOptions {
  /** Total points (default 300), spread evenly over the arms (the first get one more). */
  readonly nSamples?: number;
  /** Arms, one class each (default 2). */
  readonly nClasses?: number;
  /** Turns each arm makes (default 1). */
  readonly turns?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0). */
  readonly noise?: number;
  readonly shuffle?: boolean;
  readonly seed?: number;
}

/**
 * Interleaved spiral arms (the CS231n / Lang & Witbrock problem): point i of arm c sits at radius
 * r = i / (m − 1) and angle 2π·(turns·r + c / nClasses), so every arm starts at the origin and
 * ends on the unit circle. `x` float32 `[n, 2]`, `y` int32 `[n]`.
 *
 * @example
 * ```ts
 * const { x, y } = spirals({ nSamples: 300, nClasses: 3, noise: 0.02, seed: 0 });
 * ```
 */
export function spirals(options: SpiralsOptions = {}): DataBundle {
  const op = "spirals";
  const n = options.nSamples ?? 300;
  const k = options.nClasses ?? 2;
  checkCount(k, "nClasses", op);
  checkCount(n, "nSamples", op, k);
  const turns = options.turns ?? 1;
  checkNonNegative(turns, "turns", op);
  const noise = options.noise ?? 0;
  checkNonNegative(noise, "noise", op);
  const g = generator(options.seed, op);
  let x = new Float64Array(2 * n);
  let y = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < k; c++) {
    const m = Math.floor(n / k) + (c < n % k ? 1 : 0);
    for (let i = 0; i < m; i++, row++) {
      const r = m === 1 ? 0 : i / (m - 1);
      const a = 2 * Math.PI * (turns * r + c / k);
      x[2 * row] = r * Math.cos(a);
      x[2 * row + 1] = r * Math.sin(a);
      y[row] = c;
    }
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
    classNames: Array.from({ length: k }, (_, c) => `arm ${c}`),
    description: `Spirals: ${n} points on ${k} arms of ${turns} turn(s), noise ${noise}.`,
  });
}
