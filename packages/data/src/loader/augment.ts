import {
  concat,
  flip,
  formatShape,
  pad,
  ShapeError,
  slice,
  type Tensor,
  tensor,
  tidy,
  ValueError,
  where,
} from "@tensorkit/tensor";
import { generatorOf, type SeedOptions } from "../split/random.js";

/** An augmentation: a batch in, a new batch out (the caller disposes both). */
export type BatchTransform = (batch: Tensor) => Tensor;

function checkNCHW(x: Tensor, op: string): void {
  if (x.rank !== 4)
    throw new ShapeError(
      `${op}: expected an NCHW batch [N,C,H,W], got ${formatShape(x.shape)}; for one image use x.unsqueeze(0)`,
    );
}

/**
 * Flips each image of an NCHW batch left–right with probability `p`, each image drawing on its
 * own, as torchvision's `RandomHorizontalFlip` applied per sample. Seeded: the same seed gives
 * the same flips.
 *
 * @example
 * ```ts
 * const flip = randomHorizontalFlip(0.5, { seed: 0 });
 * for (const [xb, yb] of loader) { const xa = flip(xb); … }
 * ```
 */
export function randomHorizontalFlip(p = 0.5, options: SeedOptions = {}): BatchTransform {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`randomHorizontalFlip: p must be in [0, 1], got ${p}`);
  const g = generatorOf(options);
  return (x) => {
    checkNCHW(x, "randomHorizontalFlip");
    const n = x.shape[0]!;
    const mask = Array.from({ length: n }, () => g.nextDouble() < p);
    return tidy(() => where(tensor(mask).reshape([n, 1, 1, 1]), flip(x, 3), x));
  };
}

/** Options of {@link randomCrop}. */
export interface RandomCropOptions extends SeedOptions {
  /** Pixels of padding on every side before cropping (a number, or `[vertical, horizontal]`). Default 0. */
  readonly padding?: number | readonly [number, number];
  /** The value padding is filled with. Default 0. */
  readonly fill?: number;
}

/**
 * Crops each image of an NCHW batch at a random position to `size` (`h` or `[h, w]`), after
 * padding, as torchvision's `RandomCrop(size, padding)` applied per sample. Seeded.
 *
 * @example
 * ```ts
 * const crop = randomCrop(32, { padding: 4, seed: 0 }); // CIFAR-style augmentation
 * const xa = crop(xb);                                  // [N,C,32,32]
 * ```
 */
export function randomCrop(
  size: number | readonly [number, number],
  options: RandomCropOptions = {},
): BatchTransform {
  const [h, w] = typeof size === "number" ? [size, size] : size;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1)
    throw new ValueError(`randomCrop: size must be positive integers, got ${JSON.stringify(size)}`);
  const padding = options.padding ?? 0;
  const [ph, pw] = typeof padding === "number" ? [padding, padding] : padding;
  if (!Number.isInteger(ph) || !Number.isInteger(pw) || ph < 0 || pw < 0)
    throw new ValueError(`randomCrop: padding must be non-negative integers, got ${JSON.stringify(padding)}`);
  const g = generatorOf(options);
  return (x) => {
    checkNCHW(x, "randomCrop");
    const [n, , height, width] = x.shape as [number, number, number, number];
    const H = height + 2 * ph;
    const W = width + 2 * pw;
    if (h > H || w > W)
      throw new ShapeError(
        `randomCrop: crop size [${h},${w}] is larger than the padded image [${H},${W}] (input ${formatShape(x.shape)}, padding [${ph},${pw}])`,
      );
    const offsets = Array.from(
      { length: n },
      () => [g.nextBelow(H - h + 1), g.nextBelow(W - w + 1)] as const,
    );
    return tidy(() => {
      const padded =
        ph === 0 && pw === 0
          ? x
          : pad(
              x,
              [
                [0, 0],
                [0, 0],
                [ph, ph],
                [pw, pw],
              ],
              { value: options.fill ?? 0 },
            );
      const crops = offsets.map(([top, left], i) =>
        slice(padded, [[i, i + 1], null, [top, top + h], [left, left + w]]),
      );
      return concat(crops, 0);
    });
  };
}
