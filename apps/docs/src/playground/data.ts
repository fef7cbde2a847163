import { blobs, circles, type DataBundle, moons, spirals, xor } from "@tensorkit/datasets";
import { type Tensor, tensor } from "@tensorkit/tensor";
import type { DatasetName } from "./config.js";

/** Points and integer labels of one playground data set, with its number of classes. */
export interface PlaygroundData {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly nClasses: number;
}

/**
 * Makes `n` points of a data set. `noise` in [0, 0.5] is scaled to each set's own spread so that
 * the slider means roughly the same thing everywhere.
 */
export function makeData(name: DatasetName, n: number, noise: number, seed: number): PlaygroundData {
  switch (name) {
    case "spirals":
      return own(spirals({ nSamples: n, nClasses: 2, noise: noise * 0.4, seed }), 2);
    case "circles":
      return own(circles({ nSamples: n, factor: 0.5, noise: noise * 0.4, seed }), 2);
    case "moons":
      return own(moons({ nSamples: n, noise: noise * 0.6, seed }), 2);
    case "blobs": {
      const b = blobs({ nSamples: n, centers: 3, clusterStd: 0.5 + noise * 6, seed });
      b.centers.dispose();
      return own(b, 3);
    }
    case "xor":
      return xorClouds(n, noise, seed);
  }
}

/** Keeps `x` and `y` of a bundle (the caller disposes them). */
function own(b: DataBundle, nClasses: number): PlaygroundData {
  return { x: b.x, y: b.y, nClasses };
}

/**
 * XOR as a cloud: Gaussian blobs around the four XOR inputs of `xor()`, each point labelled with
 * the XOR of its blob's corner, so the classes are the two diagonals (TensorFlow Playground's
 * "exclusive or").
 */
function xorClouds(n: number, noise: number, seed: number): PlaygroundData {
  const corners = xor();
  const cornerXs = corners.x.toArray() as number[][];
  const cornerLabels = corners.y.toArray() as number[];
  corners.dispose();
  const cloud = blobs({ nSamples: n, centers: cornerXs, clusterStd: 0.08 + noise * 0.5, seed });
  const labels = (cloud.y.toArray() as number[]).map((c) => cornerLabels[c]!);
  cloud.centers.dispose();
  cloud.y.dispose();
  return { x: cloud.x, y: tensor(Int32Array.from(labels)), nClasses: 2 };
}
