import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { f1, fbeta, precision, precisionRecallFscoreSupport, recall } from "../src/precision-recall.js";
import { expectClose, fixture, zeroDivision } from "./helpers.js";
import type { ClassificationFixture } from "./types.js";

registerBackend("cpu", createCpuBackend);

const { cases } = fixture<ClassificationFixture>("classification.json");

describe("precisionRecallFscoreSupport equals scikit-learn", () => {
  for (const c of cases) {
    it(`${c.name}: every average × zeroDivision × beta`, () => {
      for (const e of c.prf) {
        const options = {
          average: e.average,
          zeroDivision: zeroDivision(e.zeroDivision),
          beta: e.beta,
          posLabel: c.posLabel,
          ...(c.labels === null ? {} : { labels: c.labels }),
        };
        const where = `${c.name} average=${e.average} zd=${e.zeroDivision} beta=${e.beta}`;
        const got = precisionRecallFscoreSupport(c.yTrue, c.yPred, options);
        expectClose(got.precision, e.precision, 1e-12, `${where} precision`);
        expectClose(got.recall, e.recall, 1e-12, `${where} recall`);
        expectClose(got.fscore, e.fscore, 1e-12, `${where} fscore`);
        expectClose(got.support, e.support, 0, `${where} support`);
      }
    });
  }
});

describe("precision, recall, f1, fbeta", () => {
  const c = cases.find((x) => x.name === "never_predicted")!;
  const pick = (average: string | null, zd: string, beta: number) =>
    c.prf.find((e) => e.average === average && e.zeroDivision === zd && e.beta === beta)!;

  it("are the matching parts of precisionRecallFscoreSupport (class never predicted)", () => {
    for (const zd of ["warn", "0", "1", "nan"]) {
      const o = { zeroDivision: zeroDivision(zd) };
      expectClose(precision(c.yTrue, c.yPred, { ...o, average: null }), pick(null, zd, 1).precision);
      expectClose(recall(c.yTrue, c.yPred, { ...o, average: "macro" }), pick("macro", zd, 1).recall);
      expectClose(f1(c.yTrue, c.yPred, { ...o, average: "weighted" }), pick("weighted", zd, 1).fscore);
      expectClose(fbeta(c.yTrue, c.yPred, { ...o, beta: 2, average: "micro" }), pick("micro", zd, 2).fscore);
    }
  });

  it("take tensors, and the argmax of [n, k] scores", () => {
    const yTrue = tensor(new Int32Array(c.yTrue));
    const scores = tensor(c.yPred.map((p) => [0, 1, 2].map((j) => (j === p ? 0.9 : 0.05))));
    expectClose(precision(yTrue, scores, { average: "macro" }), pick("macro", "warn", 1).precision);
    yTrue.dispose();
    scores.dispose();
  });

  it("refuse average 'binary' (the default) on multiclass targets, naming the classes", () => {
    expect(() => precision([0, 1, 2], [0, 1, 1])).toThrow(ValueError);
    expect(() => precision([0, 1, 2], [0, 1, 1])).toThrow(/multiclass \(classes \[0,1,2\]\)/);
  });

  it("refuse a posLabel that is not a class", () => {
    expect(() => recall([0, 1, 1], [1, 1, 0], { posLabel: 2 })).toThrow(/posLabel 2 is not a valid label/);
  });

  it("name both lengths when they differ", () => {
    expect(() => f1([0, 1, 1], [1, 1])).toThrow(ShapeError);
    expect(() => f1([0, 1, 1], [1, 1])).toThrow(/yTrue has 3 samples, yPred has 2/);
  });

  it("refuse non-integer labels and unknown zeroDivision values", () => {
    expect(() => f1([0, 1, 1], [0.5, 1, 1])).toThrow(/0.5 at index 0/);
    expect(() => f1([0, 1, 1], [0, 1, 1], { zeroDivision: 2 })).toThrow(/zeroDivision must be/);
  });
});
