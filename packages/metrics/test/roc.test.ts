import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { rocAuc, rocCurve } from "../src/roc.js";
import { expectClose, fixture } from "./helpers.js";
import type { RankingFixture } from "./types.js";

registerBackend("cpu", createCpuBackend);

const { binary, multiclass } = fixture<RankingFixture>("ranking.json");

describe("rocCurve equals scikit-learn", () => {
  for (const c of binary) {
    it(`${c.name}, with and without dropIntermediate`, () => {
      const posLabel = c.posLabel === null ? {} : { posLabel: c.posLabel };
      for (const drop of [true, false]) {
        const expected = drop ? c.roc_drop_true : c.roc_drop_false;
        const got = rocCurve(c.yTrue, c.yScore, { ...posLabel, dropIntermediate: drop });
        expectClose(got.fpr, expected.fpr, 1e-15, `${c.name} fpr`);
        expectClose(got.tpr, expected.tpr, 1e-15, `${c.name} tpr`);
        expectClose(got.thresholds, expected.thresholds, 0, `${c.name} thresholds`);
      }
    });
  }
});

describe("rocAuc", () => {
  for (const c of binary.filter((x) => x.rocAuc !== undefined)) {
    it(`equals scikit-learn on binary ${c.name}`, () => {
      expectClose(rocAuc(c.yTrue, c.yScore), c.rocAuc, 1e-12, c.name);
    });
  }

  for (const c of multiclass) {
    it(`equals scikit-learn one-vs-rest on ${c.name}, every average`, () => {
      for (const [average, expected] of Object.entries(c.rocAuc)) {
        const options = {
          multiClass: "ovr" as const,
          average: average === "None" ? null : (average as "macro" | "weighted" | "micro"),
          ...(c.labels === null ? {} : { labels: c.labels }),
        };
        expectClose(rocAuc(c.yTrue, c.yScore, options), expected, 1e-12, `${c.name} ${average}`);
      }
    });
  }

  it("reads tensors, and column 1 of [n, 2] probabilities", () => {
    const c = binary.find((x) => x.name === "binary_ties")!;
    const probs = tensor(
      c.yScore.map((p) => [1 - p, p]),
      "float64",
    );
    expectClose(rocAuc(tensor(new Int32Array(c.yTrue)), probs), c.rocAuc, 1e-12);
  });

  it("refuses multiclass targets unless multiClass is 'ovr'", () => {
    const c = multiclass[0]!;
    expect(() => rocAuc(c.yTrue, c.yScore)).toThrow(/multiClass: "ovr"/);
  });

  it("refuses multiclass scores whose rows do not sum to 1", () => {
    expect(() =>
      rocAuc(
        [0, 1, 2],
        [
          [1, 2, 3],
          [0.2, 0.3, 0.5],
          [0.1, 0.1, 0.8],
        ],
        { multiClass: "ovr" },
      ),
    ).toThrow(/row 0 sums to 6/);
  });

  it("names both lengths when they differ", () => {
    expect(() => rocAuc([0, 1, 1], [0.3, 0.6])).toThrow(ShapeError);
    expect(() => rocCurve([0, 1, 1], [0.3, 0.6])).toThrow(/yTrue has 3 samples/);
  });

  it("refuses NaN scores and unknown labels without posLabel", () => {
    expect(() => rocCurve([0, 1], [Number.NaN, 0.5])).toThrow(ValueError);
    expect(() => rocCurve([2, 3], [0.1, 0.5])).toThrow(/pass posLabel/);
  });
});
