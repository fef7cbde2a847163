import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { averagePrecision, precisionRecallCurve } from "../src/precision-recall-curve.js";
import { expectClose, fixture } from "./helpers.js";
import type { RankingFixture } from "./types.js";

registerBackend("cpu", createCpuBackend);

const { binary, multiclass } = fixture<RankingFixture>("ranking.json");

describe("precisionRecallCurve equals scikit-learn", () => {
  for (const c of binary) {
    it(`${c.name}, with and without dropIntermediate`, () => {
      const posLabel = c.posLabel === null ? {} : { posLabel: c.posLabel };
      for (const drop of [true, false]) {
        const expected = drop ? c.pr_drop_true : c.pr_drop_false;
        const got = precisionRecallCurve(c.yTrue, c.yScore, { ...posLabel, dropIntermediate: drop });
        expectClose(got.precision, expected.precision, 1e-15, `${c.name} precision`);
        expectClose(got.recall, expected.recall, 1e-15, `${c.name} recall`);
        expectClose(got.thresholds, expected.thresholds, 0, `${c.name} thresholds`);
      }
    });
  }
});

describe("averagePrecision", () => {
  for (const c of binary) {
    it(`equals scikit-learn on binary ${c.name}`, () => {
      const posLabel = c.posLabel === null ? {} : { posLabel: c.posLabel };
      expectClose(averagePrecision(c.yTrue, c.yScore, posLabel), c.averagePrecision, 1e-12, c.name);
    });
  }

  for (const c of multiclass.filter((x) => x.averagePrecision !== undefined)) {
    it(`equals scikit-learn on multiclass ${c.name}, every average`, () => {
      for (const [average, expected] of Object.entries(c.averagePrecision!)) {
        const options = { average: average === "None" ? null : (average as "macro" | "weighted" | "micro") };
        expectClose(averagePrecision(c.yTrue, c.yScore, options), expected, 1e-12, `${c.name} ${average}`);
      }
    });
  }

  it("reads float32 tensors", () => {
    const got = averagePrecision(tensor(new Int32Array([0, 0, 1, 1])), tensor([0.1, 0.4, 0.35, 0.8]));
    // scikit-learn: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333…
    expect(got).toBeCloseTo(0.8333333333, 9);
  });

  it("refuses a posLabel that is not a class, and a score shape that does not fit", () => {
    expect(() => averagePrecision([0, 2], [0.1, 0.9])).toThrow(ValueError);
    expect(() =>
      averagePrecision(
        [0, 1, 2],
        [
          [0.1, 0.9],
          [0.2, 0.8],
          [0.5, 0.5],
        ],
      ),
    ).toThrow(ShapeError);
  });
});
