import { describe, expect, it } from "vitest";
import { LogLoss } from "../src/streaming/log-loss.js";
import { expectClose, fixture } from "./helpers.js";
import type { RankingFixture } from "./types.js";

const { logLoss } = fixture<RankingFixture>("ranking.json");

describe("LogLoss (streaming)", () => {
  for (const name of ["binary_1d", "binary_2d", "multiclass", "multiclass_labels_absent_class"]) {
    it(`equals scikit-learn over batches of 4: ${name}`, () => {
      const c = logLoss.find((x) => x.name === name)!;
      const metric = new LogLoss();
      for (let i = 0; i < c.yTrue.length; i += 4) {
        metric.update(c.yTrue.slice(i, i + 4), c.yProb.slice(i, i + 4) as number[]);
      }
      expectClose(metric.compute(), c.value, 1e-12, name);
    });
  }

  it("keeps {-1, 1} classes when told, and refuses labels that do not fit the columns", () => {
    const c = logLoss.find((x) => x.name === "labels_minus_one_one")!;
    const metric = new LogLoss({ labels: [-1, 1] });
    metric.update(c.yTrue, c.yProb as number[]);
    expectClose(metric.compute(), c.value, 1e-12);
    expect(() => new LogLoss({ labels: [0, 1, 2] }).update([0], [0.5])).toThrow(/3 labels given/);
  });
});
