import {
  type AvgPool2dKernelOptions,
  avgPool2d,
  avgPool2dBackward,
  div,
  maxPool2dBackward,
  onesLike,
  pad,
  type Tensor,
  type Window2d,
} from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";

/**
 * Rules of pooling, through the backward ops. Max pooling's backward op has no rule of its own
 * (its input gradient would need the argmax positions), so gradients of gradients stop there;
 * average pooling is linear and its backward op's gradient is average pooling again.
 */
export const poolRules: RuleTable = {
  maxPool2d: {
    rule: ({ inputs: [x], attrs }, dy) => {
      const w = attrs as Window2d;
      return [
        maxPool2dBackward(dy, x!, {
          kernelSize: w.kernel,
          stride: w.stride,
          padding: w.padding,
          dilation: w.dilation,
        }),
      ];
    },
    secondOrder: false,
  },
  avgPool2d: {
    rule: ({ inputs: [x], attrs }, dy) => {
      const a = attrs as AvgPool2dKernelOptions;
      return [
        avgPool2dBackward(dy, {
          inputShape: x!.shape,
          kernelSize: a.kernel,
          stride: a.stride,
          padding: a.padding,
          countIncludePad: a.countIncludePad,
        }),
      ];
    },
  },
  // The adjoint of spreading each window's share over its taps is averaging over the window.
  avgPool2dBackward: {
    rule: ({ attrs }, g) => [averageWindows(g, attrs as AvgPool2dKernelOptions)],
  },
};

/**
 * Each window's sum of `g` (padded with zeros) divided as the forward divides: by KH·KW, or by
 * the window's in-bounds count, which is the same average taken over ones. Padding is applied
 * explicitly since the public avgPool2d pads only symmetrically and at most half the window.
 */
function averageWindows(g: Tensor, a: AvgPool2dKernelOptions): Tensor {
  const [top, bottom, left, right] = a.padding;
  const padding: [number, number][] = [
    [0, 0],
    [0, 0],
    [top, bottom],
    [left, right],
  ];
  const options = { kernelSize: a.kernel, stride: a.stride };
  const mean = avgPool2d(pad(g, padding), options);
  if (a.countIncludePad || a.padding.every((p) => p === 0)) return mean;
  return div(mean, avgPool2d(pad(onesLike(g), padding), options));
}
