import { expand, gather, pad, reshape, scatterAdd, zerosLike } from "@tensorkit/tensor";
import type { RuleTable } from "./types.js";

/** What the indexing ops record: the normalised axis. */
interface AxisAttrs {
  readonly axis: number;
}

/**
 * Rules of indexing. Gathering and scattering are each other's adjoints: the gradient of a
 * gather is a scatter-add of dy into zeros, and the gradient of a scatter-add's source is a
 * gather of dy. Index inputs get no gradient.
 */
export const indexingRules: RuleTable = {
  gather: {
    rule: ({ inputs: [x, index], attrs }, dy) => [
      scatterAdd(zerosLike(x!), (attrs as AxisAttrs).axis, index!, dy),
      undefined,
    ],
  },
  scatterAdd: {
    rule: ({ inputs: [, index, src], attrs, needsGrad }, dy) => {
      const { axis } = attrs as AxisAttrs;
      if (!needsGrad[2]) return [dy, undefined, undefined];
      // Only src's leading index.shape block was scattered; the rest of src gets 0.
      const picked = gather(dy, axis, index!);
      const rest = src!.shape.map((d, i): [number, number] => [0, d - index!.shape[i]!]);
      return [dy, undefined, rest.some(([, after]) => after > 0) ? pad(picked, rest) : picked];
    },
  },
  // Recorded with the resolved 1-D index: the rows of dy are added back at their positions.
  indexSelect: {
    rule: ({ inputs: [x, index], attrs }, dy) => {
      const { axis } = attrs as AxisAttrs;
      const along = x!.shape.map((_, i) => (i === axis ? index!.size : 1));
      return [scatterAdd(zerosLike(x!), axis, expand(reshape(index!, along), dy.shape), dy), undefined];
    },
  },
};
