import { describe, expect, it } from "vitest";
import { F1, FBeta, Precision, Recall } from "../src/streaming/precision-recall.js";
import { batches, expectClose, fixture, zeroDivision } from "./helpers.js";
import type { ClassificationFixture } from "./types.js";

const { cases } = fixture<ClassificationFixture>("classification.json");

describe("Precision, Recall, F1, FBeta (streaming)", () => {
  for (const c of cases) {
    it(`equal scikit-learn over batches of 5: ${c.name}`, () => {
      for (const e of c.prf) {
        const options = {
          average: e.average,
          zeroDivision: zeroDivision(e.zeroDivision),
          posLabel: c.posLabel,
          ...(c.labels === null ? {} : { labels: c.labels }),
        };
        const metrics =
          e.beta === 1
            ? ([
                [new Precision(options), e.precision],
                [new Recall(options), e.recall],
                [new F1(options), e.fscore],
              ] as const)
            : ([[new FBeta({ ...options, beta: e.beta }), e.fscore]] as const);
        for (const [metric, expected] of metrics) {
          for (const [t, p] of batches(c.yTrue, c.yPred, 5)) metric.update(t, p);
          expectClose(
            metric.compute(),
            expected,
            1e-12,
            `${c.name} ${metric.name} ${e.average} ${e.zeroDivision}`,
          );
        }
      }
    });
  }

  it("start again after reset", () => {
    const p = new Precision({ average: "micro" });
    p.update([0, 1], [1, 1]);
    p.reset();
    expect(() => p.compute()).toThrow(/no samples seen/);
    p.update([0, 1], [0, 1]);
    expect(p.compute()).toBe(1);
  });
});
