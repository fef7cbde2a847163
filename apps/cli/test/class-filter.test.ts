import { describe, expect, it } from "vitest";
import { run, runJson } from "./helpers.js";

interface TrainJson {
  test: { classNames: string[]; confusionMatrix: number[][]; samples: number };
}

describe("--classes and --per-class", () => {
  it("train iris --classes: only those species, renumbered, tested on their rows only", async () => {
    const r = await runJson<TrainJson>(
      "train",
      "iris",
      "--classes",
      "virginica,setosa",
      "--epochs",
      "5",
      "-q",
    );
    // In the data's class order, not the order typed: setosa is class 0.
    expect(r.test.classNames).toEqual(["setosa", "virginica"]);
    // The stratified 20 % test split holds 10 of each species; versicolor's 10 are gone.
    expect(r.test.samples).toBe(20);
    expect(r.test.confusionMatrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([10, 10]);
  });

  it("--per-class keeps the first N training samples of each class and says so", async () => {
    const r = await run("train", "iris", "--per-class", "7", "--epochs", "2");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("note: using 7 training samples per class: 21 training samples");
  });

  it("names an unknown class, a class short of samples, and regression data", async () => {
    const unknown = await run("train", "iris", "--classes", "setosa,rose", "-q");
    expect(unknown.stderr).toBe(
      'tensorkit: --classes: no class "rose" in this data (its classes: setosa, versicolor, virginica)\n',
    );
    const short = await run("train", "iris", "--per-class", "41", "-q");
    expect(short.stderr).toBe('tensorkit: --per-class 41: class "setosa" has only 40 training samples\n');
    const regression = await run("train", "regression", "--classes", "1,2", "-q");
    expect(regression.stderr).toBe(
      "tensorkit: --classes and --per-class apply to classification data only\n",
    );
    const one = await run("train", "iris", "--classes", "setosa", "-q");
    expect(one.stderr).toBe("tensorkit: --classes needs at least two classes, got setosa\n");
    const dup = await run("train", "iris", "--classes", "setosa,setosa");
    expect(dup.stderr).toContain("expected distinct class names separated by commas");
  });
});
