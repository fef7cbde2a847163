import { createCpuBackend } from "@tensorkit/backend-cpu";
import { arange, memory, registerBackend, type Tensor, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { randomCrop, randomHorizontalFlip } from "../src/loader/augment.js";

registerBackend("cpu", createCpuBackend);

function batch(n: number): Tensor {
  // image i holds i*100 + row*10 + column, so flips and crops are easy to read
  const v = Array.from({ length: n }, (_, i) => [
    Array.from({ length: 3 }, (_, r) => [0, 1, 2].map((c) => i * 100 + r * 10 + c)),
  ]);
  return tensor(v);
}

describe("randomHorizontalFlip", () => {
  it("p=1 flips every image, p=0 none; shape kept; no tensor left behind", () => {
    const x = batch(2);
    const before = memory().numTensors;
    const all = randomHorizontalFlip(1)(x);
    expect((all.toArray() as number[][][][])[1]![0]![0]).toEqual([102, 101, 100]);
    const none = randomHorizontalFlip(0)(x);
    expect(none.toArray()).toEqual(x.toArray());
    all.dispose();
    none.dispose();
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });

  it("each image draws on its own; the same seed gives the same flips", () => {
    const x = batch(16);
    const firstPixels = (t: Tensor) => (t.toArray() as number[][][][]).map((img) => img[0]![0]![0]! % 100);
    const a = randomHorizontalFlip(0.5, { seed: 3 })(x);
    const b = randomHorizontalFlip(0.5, { seed: 3 })(x);
    const flips = firstPixels(a);
    expect(firstPixels(b)).toEqual(flips);
    expect(flips).toContain(0);
    expect(flips).toContain(2);
    for (const t of [x, a, b]) t.dispose();
    expect(() => randomHorizontalFlip(2)).toThrow(/p must be in \[0, 1\]/);
  });
});

describe("randomCrop", () => {
  it("crops to size after padding; every crop is a window of the padded image; seeded", () => {
    const x = batch(8);
    const before = memory().numTensors;
    const crop = randomCrop(3, { padding: 1, seed: 0 });
    const y = crop(x);
    expect(y.shape).toEqual([8, 1, 3, 3]);
    const again = randomCrop(3, { padding: 1, seed: 0 })(x);
    expect(again.toArray()).toEqual(y.toArray());
    const imgs = y.toArray() as number[][][][];
    imgs.forEach((img, i) => {
      // a value present in the crop sits at its original place relative to the others
      for (let r = 0; r < 3; r++)
        for (let c = 0; c < 2; c++) {
          const a = img[0]![r]![c]!;
          const b = img[0]![r]![c + 1]!;
          if (a !== 0 && b !== 0) expect(b - a).toBe(1);
        }
      expect(
        img
          .flat(2)
          .filter((v) => v !== 0)
          .every((v) => Math.floor(v / 100) === i),
      ).toBe(true);
    });
    y.dispose();
    again.dispose();
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });

  it("without padding and full size it is the identity; bad sizes are errors", () => {
    const x = batch(2);
    const y = randomCrop([3, 3])(x);
    expect(y.toArray()).toEqual(x.toArray());
    y.dispose();
    expect(() => randomCrop(5)(x)).toThrow(/crop size \[5,5\] is larger than the padded image \[3,3\]/);
    const flat = arange(4);
    expect(() => randomCrop(1)(flat)).toThrow(/expected an NCHW batch \[N,C,H,W\], got \[4\]/);
    for (const t of [x, flat]) t.dispose();
  });
});
