import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError as TensorShapeError, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import * as metrics from "../src/index.js";

registerBackend("cpu", createCpuBackend);

describe("@tensorkit/metrics public surface", () => {
  it("exports the functions and streaming metrics by their scikit-learn/Keras names", () => {
    for (const name of [
      "accuracy",
      "topKAccuracy",
      "precision",
      "recall",
      "f1",
      "fbeta",
      "precisionRecallFscoreSupport",
      "confusionMatrix",
      "classificationReport",
      "rocAuc",
      "rocCurve",
      "precisionRecallCurve",
      "averagePrecision",
      "auc",
      "logLoss",
      "meanSquaredError",
      "rootMeanSquaredError",
      "meanAbsoluteError",
      "r2Score",
      "leaveOneOutScores",
      "Accuracy",
      "Precision",
      "Recall",
      "F1",
      "FBeta",
      "ConfusionMatrix",
      "MeanSquaredError",
      "MeanAbsoluteError",
      "LogLoss",
      "Mean",
    ]) {
      expect(typeof (metrics as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("re-exports tensor's error classes, so instanceof works across packages", () => {
    expect(metrics.ShapeError).toBe(TensorShapeError);
    expect(() => metrics.accuracy(tensor([0, 1]), [0])).toThrow(metrics.ShapeError);
  });
});
