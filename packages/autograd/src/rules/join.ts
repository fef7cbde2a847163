import { type SliceRange, slice } from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";

/**
 * Rules of joining and padding: each input's gradient is the window of dy its values landed in.
 * (stack, split and tile are compositions of recorded ops and need no rule.)
 */
export const joinRules: RuleTable = {
  concat: {
    rule: ({ inputs, attrs, needsGrad }, dy) => {
      const { axis } = attrs as { axis: number };
      let start = 0;
      return inputs.map((t, i) => {
        const n = t.shape[axis]!;
        const ranges = dy.shape.map((_, a): SliceRange => (a === axis ? [start, start + n] : null));
        start += n;
        return needsGrad[i] ? slice(dy, ranges) : undefined;
      });
    },
  },
  pad: {
    rule: ({ inputs: [x], attrs }, dy) => {
      const { padding } = attrs as { padding: readonly (readonly [number, number])[] };
      return [
        slice(
          dy,
          x!.shape.map((d, i): SliceRange => [padding[i]?.[0] ?? 0, (padding[i]?.[0] ?? 0) + d]),
        ),
      ];
    },
  },
};
