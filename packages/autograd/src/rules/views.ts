import { flip, permute, reshape, type SliceSpec, sliceBackward } from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";
import { sumToShape } from "./util.js";

/** Rules of views: each moves the gradient back through the same rearrangement. */
export const viewRules: RuleTable = {
  reshape: { rule: ({ inputs: [x] }, dy) => [reshape(dy, x!.shape)] },
  permute: {
    rule: ({ attrs }, dy) => {
      const axes = (attrs as { axes: readonly number[] }).axes;
      const inverse = new Array<number>(axes.length);
      axes.forEach((a, i) => {
        inverse[a] = i;
      });
      return [permute(dy, inverse)];
    },
  },
  expand: { rule: ({ inputs: [x] }, dy) => [sumToShape(dy, x!.shape)] },
  slice: {
    rule: ({ inputs: [x], attrs }, dy) => [
      sliceBackward(dy, x!.shape, (attrs as { spec: SliceSpec[] }).spec),
    ],
  },
  flip: { rule: ({ attrs }, dy) => [flip(dy, (attrs as { axes: number[] }).axes)] },
};
