import { tensor } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";

/**
 * The four points of XOR: `x` float32 `[4, 2]`, `y` int32 `[4]` = x₀ xor x₁. For the Keras seed
 * example's sigmoid output, `y.cast("float32").reshape([4, 1])` is its target.
 *
 * @example
 * ```ts
 * const { x, y } = xor();
 * x.toArray(); // [[0, 0], [0, 1], [1, 0], [1, 1]]
 * y.toArray(); // [0, 1, 1, 0]
 * ```
 */
export function xor(): DataBundle {
  return bundle({
    x: tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]),
    y: tensor(new Int32Array([0, 1, 1, 0])),
    featureNames: ["x0", "x1"],
    classNames: ["0", "1"],
    description: "XOR truth table: the smallest problem a linear model cannot separate.",
  });
}
