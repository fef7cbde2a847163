import { mnist, xor } from "@tensorkit/datasets";
import type { Tensor as TkTensor } from "@tensorkit/tensor";

// The data sets of the `fit` workloads, as raw arrays loaded once per process and shared by every
// target: each library makes its own tensors from them in setup (not timed).

/** Samples as raw arrays (tensorkit's layout: NCHW images), made once and shared by every target. */
export interface Samples {
  readonly n: number;
  /** `[n, ...sampleShape]`, row-major. */
  readonly x: Float32Array;
  /** Class indices (0/1 for a binary task). */
  readonly labels: Int32Array;
}

/** Training samples and held-out samples (for the accuracy after training). */
export interface SampleSplit {
  readonly train: Samples;
  readonly test: Samples;
}

const loaded = new Map<string, Promise<Samples>>();

/** A data set's raw arrays, loaded once per process (the tensors it came as are disposed). */
function samples(key: string, load: () => Promise<{ x: TkTensor; y: TkTensor; dispose(): void }>) {
  let pending = loaded.get(key);
  if (!pending) {
    pending = load().then((bundle) => {
      try {
        const x = Float32Array.from(bundle.x.dataSync());
        const labels = Int32Array.from(bundle.y.dataSync());
        return { n: labels.length, x, labels };
      } finally {
        bundle.dispose();
      }
    });
    loaded.set(key, pending);
  }
  return pending;
}

/** The 4 XOR points, for training and for the accuracy after it. */
export async function xorData(): Promise<SampleSplit> {
  const points = await samples("xor", async () => xor());
  return { train: points, test: points };
}

/**
 * The first `size` digits of MNIST's train split and the first `testSize` of its test split:
 * `[n, 1, 28, 28]` row-major in [0, 1] (the same numbers as `[n, 784]` or `[n, 28, 28]`).
 */
export async function mnistData(size: number, testSize: number): Promise<SampleSplit> {
  const [train, test] = await Promise.all([
    samples(`mnist train ${size}`, () => mnist({ split: "train", size })),
    samples(`mnist test ${testSize}`, () => mnist({ split: "test", size: testSize })),
  ]);
  return { train, test };
}
