import {
  type Conv2dKernelOptions,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  pad,
  type Tensor,
} from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";

/** The forward geometry the convolution ops record (padding resolved to top, bottom, left, right). */
type ConvAttrs = Conv2dKernelOptions;

const geometry = (a: ConvAttrs) => ({
  stride: a.stride,
  padding: a.padding,
  dilation: a.dilation,
  groups: a.groups,
});

/**
 * `conv2d(x, w)` with the recorded geometry. The public op pads symmetrically, so an asymmetric
 * padding (from `'same'` with an even kernel) is applied with `pad` first.
 */
function convolve(x: Tensor, w: Tensor, a: ConvAttrs): Tensor {
  const [top, bottom, left, right] = a.padding;
  const options = { stride: a.stride, dilation: a.dilation, groups: a.groups };
  if (top === bottom && left === right) return conv2d(x, w, { ...options, padding: [top, left] });
  const padded = pad(x, [
    [0, 0],
    [0, 0],
    [top, bottom],
    [left, right],
  ]);
  return conv2d(padded, w, options);
}

/**
 * Rules of convolution. conv2d's gradients are its two backward ops; each of those is bilinear
 * too, and its gradients are conv2d and the other backward op (from ⟨conv2d(x, w), dy⟩ =
 * ⟨x, conv2dBackpropInput(dy, w)⟩ = ⟨w, conv2dBackpropFilter(x, dy)⟩), so every rule is written in
 * recorded ops and convolutions can be differentiated any number of times.
 */
export const convRules: RuleTable = {
  conv2d: {
    rule: ({ inputs: [x, w], attrs, needsGrad }, dy) => {
      const a = attrs as ConvAttrs;
      return [
        needsGrad[0] ? conv2dBackpropInput(dy, w!, { ...geometry(a), inputShape: x!.shape }) : undefined,
        needsGrad[1] ? conv2dBackpropFilter(x!, dy, { ...geometry(a), filterShape: w!.shape }) : undefined,
      ];
    },
  },
  // dx = B(dy, w): d/d(dy) is the forward convolution of the cotangent, d/dw the filter gradient.
  conv2dBackpropInput: {
    rule: ({ inputs: [dy, w], attrs, needsGrad }, g) => {
      const a = attrs as ConvAttrs;
      return [
        needsGrad[0] ? convolve(g, w!, a) : undefined,
        needsGrad[1] ? conv2dBackpropFilter(g, dy!, { ...geometry(a), filterShape: w!.shape }) : undefined,
      ];
    },
  },
  // dw = F(x, dy): d/dx is the input gradient with the cotangent as weights, d/d(dy) the forward.
  conv2dBackpropFilter: {
    rule: ({ inputs: [x, dy], attrs, needsGrad }, g) => {
      const a = attrs as ConvAttrs;
      return [
        needsGrad[0] ? conv2dBackpropInput(dy!, g, { ...geometry(a), inputShape: x!.shape }) : undefined,
        needsGrad[1] ? convolve(x!, g, a) : undefined,
      ];
    },
  },
};
