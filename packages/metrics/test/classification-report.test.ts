import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, tensor, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { classificationReport } from "../src/classification-report.js";
import { expectClose, fixture, zeroDivision } from "./helpers.js";
import type { ClassificationFixture } from "./types.js";

registerBackend("cpu", createCpuBackend);

const { cases } = fixture<ClassificationFixture>("classification.json");

describe("classificationReport equals scikit-learn's text and dict", () => {
  for (const c of cases) {
    it(c.name, () => {
      for (const r of c.reports) {
        const options = {
          digits: r.digits,
          zeroDivision: zeroDivision(r.zeroDivision),
          ...(c.labels === null ? {} : { labels: c.labels }),
          ...(r.targetNames === null ? {} : { targetNames: r.targetNames }),
        };
        if (typeof r.text !== "string") {
          expect(() => classificationReport(c.yTrue, c.yPred, options)).toThrow(ValueError);
          continue;
        }
        const got = classificationReport(c.yTrue, c.yPred, options);
        expect(got.text).toBe(r.text);
        expect(String(got)).toBe(r.text);
        const dict = r.dict as Record<string, number | Record<string, number>>;
        expect(Object.keys(got.object).sort()).toEqual(Object.keys(dict).sort());
        for (const [key, value] of Object.entries(dict)) {
          const row = got.object[key]!;
          if (typeof value === "number") expectClose(row, value, 1e-12, `${c.name} ${key}`);
          else
            for (const [m, v] of Object.entries(value))
              expectClose((row as unknown as Record<string, number>)[m], v, 1e-12, `${c.name} ${key} ${m}`);
        }
      }
    });
  }
});

describe("classificationReport", () => {
  it("takes logits tensors", () => {
    const report = classificationReport(
      tensor(new Int32Array([0, 1])),
      tensor([
        [2, -1],
        [0, 1],
      ]),
    );
    expect(report.object.accuracy).toBe(1);
  });

  it("refuses targetNames that do not match the classes", () => {
    expect(() => classificationReport([0, 1, 2], [0, 1, 1], { targetNames: ["a", "b"] })).toThrow(
      /number of classes, 3, does not match the 2 targetNames/,
    );
  });
});
