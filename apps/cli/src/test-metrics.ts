import type { Module } from "@tensorkit/nn";
import type { Tensor } from "@tensorkit/tensor";
import type { Prepared } from "./data.js";
import {
  classificationMetrics,
  classify,
  regressionMetrics,
  regressionValues,
  runModel,
  type TestMetrics,
} from "./evaluation.js";

/**
 * A trained model's metrics on the prepared test part: classification metrics with the true and
 * predicted labels (for the confusion matrix), or regression metrics on the target's own scale.
 * `dispose` frees the outputs it computed.
 */
export function testMetrics(
  model: Module<[Tensor], Tensor>,
  prepared: Prepared,
): {
  test: TestMetrics;
  labels: { yTrue: ArrayLike<number>; yPred: ArrayLike<number> } | undefined;
  dispose(): void;
} {
  const outputs = runModel(model, prepared.xTest);
  if (prepared.task === "classification") {
    const yTrue = prepared.yTest.dataSync() as ArrayLike<number>;
    const { labels: yPred } = classify(outputs);
    const test = classificationMetrics(yTrue, yPred, prepared.classNames);
    return { test, labels: { yTrue, yPred }, dispose: () => outputs.dispose() };
  }
  const values = regressionValues(outputs, prepared.preprocessors.targetScaler);
  const test = regressionMetrics(prepared.yTest, values);
  return {
    test,
    labels: undefined,
    dispose() {
      outputs.dispose();
      values.dispose();
    },
  };
}
