import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { accuracy, topKAccuracy } from "../src/accuracy.js";
import { expectClose, fixture } from "./helpers.js";
import type { ClassificationFixture, RankingFixture } from "./types.js";

registerBackend("cpu", createCpuBackend);

const classification = fixture<ClassificationFixture>("classification.json");
const ranking = fixture<RankingFixture>("ranking.json");

describe("accuracy", () => {
  it("equals scikit-learn on every classification fixture", () => {
    for (const c of classification.cases) expectClose(accuracy(c.yTrue, c.yPred), c.accuracy, 1e-15, c.name);
  });

  it("counts with normalize: false", () => {
    expect(accuracy([0, 1, 2, 2], [0, 2, 2, 2], { normalize: false })).toBe(3);
  });

  it("takes the argmax of [n, k] scores and of one-hot truth, from tensors", () => {
    const logits = tensor([
      [2, 1, 0],
      [0, 3, 1],
      [5, 5, 1], // a tie: the first maximum wins, as argmax
      [0, 0, 1],
    ]);
    const oneHot = tensor([
      [1, 0, 0],
      [0, 0, 1],
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(accuracy(oneHot, logits)).toBe(0.75);
    expect(accuracy(tensor(new Int32Array([0, 2, 0, 2])), logits)).toBe(0.75);
    expect(accuracy([[0], [2]], [0, 2])).toBe(1); // [n, 1] columns are labels
  });

  it("names both lengths when they differ", () => {
    expect(() => accuracy([0, 1, 1], [0, 1])).toThrow(ShapeError);
    expect(() => accuracy([0, 1, 1], [0, 1])).toThrow(/yTrue has 3 samples, yPred has 2/);
  });

  it("refuses empty input", () => {
    expect(() => accuracy([], [])).toThrow(/empty/);
  });
});

describe("topKAccuracy", () => {
  for (const c of ranking.topK) {
    it(`equals scikit-learn: ${c.name}`, () => {
      for (const r of c.results) {
        const got = topKAccuracy(c.yTrue, c.yScore, {
          k: r.k,
          normalize: r.normalize,
          ...(c.labels === null ? {} : { labels: c.labels }),
        });
        expectClose(got, r.value, 1e-15, `${c.name} k=${r.k} normalize=${r.normalize}`);
      }
    });
  }

  it("assumes classes 0…k-1 when a batch lacks some (scikit-learn asks for labels)", () => {
    const c = ranking.topK.find((x) => x.name === "absent_class_with_labels")!;
    for (const r of c.results) {
      expectClose(topKAccuracy(c.yTrue, c.yScore, { k: r.k, normalize: r.normalize }), r.value);
    }
  });

  it("names both lengths when they differ", () => {
    expect(() => topKAccuracy([0, 1], [[0.1, 0.2, 0.7]])).toThrow(/yTrue has 2 samples.*yScore has 1/);
  });

  it("refuses classes that do not fit the columns", () => {
    expect(() =>
      topKAccuracy(
        [3, 5, 7],
        [
          [0.1, 0.9],
          [0.2, 0.8],
          [0.5, 0.5],
        ],
        { k: 1 },
      ),
    ).toThrow(ShapeError);
  });
});
