import { describe, expect, it } from "vitest";
import { ConfusionMatrix } from "../src/streaming/confusion-matrix.js";
import { batches, expectClose, fixture } from "./helpers.js";
import type { ClassificationFixture } from "./types.js";

const { cases } = fixture<ClassificationFixture>("classification.json");

describe("ConfusionMatrix (streaming)", () => {
  for (const c of cases) {
    it(`equals scikit-learn over batches of 4: ${c.name}`, () => {
      for (const [norm, expected] of Object.entries(c.confusionMatrix)) {
        if ("error" in expected) continue;
        const cm = new ConfusionMatrix({
          ...(c.labels === null ? {} : { labels: c.labels }),
          ...(norm === "None" ? {} : { normalize: norm as "true" | "pred" | "all" }),
        });
        for (const [t, p] of batches(c.yTrue, c.yPred, 4)) cm.update(t, p);
        expectClose(cm.compute(), expected, 1e-15, `${c.name} ${norm}`);
      }
    });
  }

  it("resets", () => {
    const cm = new ConfusionMatrix();
    cm.update([0, 1], [1, 1]);
    cm.reset();
    cm.update([2], [2]);
    expect(cm.compute()).toEqual([[1]]);
  });
});
