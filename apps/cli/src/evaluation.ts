import { noGrad } from "@tensorkit/autograd";
import type { StandardScaler } from "@tensorkit/data";
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  meanAbsoluteError,
  meanSquaredError,
  precisionRecallFscoreSupport,
  r2Score,
} from "@tensorkit/metrics";
import type { Module } from "@tensorkit/nn";
import { argmax, concat, slice, softmax, type Tensor, tidy } from "@tensorkit/tensor";
import { textTable } from "./table.js";

/** Test metrics of a classifier: macro averages at the top level, every class below. */
export interface ClassificationMetrics {
  readonly task: "classification";
  readonly samples: number;
  readonly accuracy: number;
  /** Macro averages (each class counts the same), as scikit-learn's `average: "macro"`. */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly weighted: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly perClass: readonly {
    readonly class: string;
    readonly precision: number;
    readonly recall: number;
    readonly f1: number;
    readonly support: number;
  }[];
  /** Rows are true classes, columns predicted ones, in the order of `classNames`. */
  readonly confusionMatrix: number[][];
  readonly classNames: readonly string[];
}

/** Test metrics of a regressor, on the target's own scale. */
export interface RegressionMetrics {
  readonly task: "regression";
  readonly samples: number;
  readonly mse: number;
  readonly mae: number;
  readonly r2: number;
}

export type TestMetrics = ClassificationMetrics | RegressionMetrics;

/** Runs a model in evaluation mode without gradients, `batchSize` samples at a time. */
export function runModel(model: Module<[Tensor], Tensor>, x: Tensor, batchSize = 256): Tensor {
  const training = model.training;
  model.eval();
  try {
    return noGrad(() =>
      tidy(() => {
        const n = x.shape[0]!;
        if (n <= batchSize) return model.call(x);
        const parts: Tensor[] = [];
        for (let start = 0; start < n; start += batchSize)
          parts.push(model.call(slice(x, [[start, Math.min(n, start + batchSize)]])));
        return concat(parts, 0);
      }),
    );
  } finally {
    model.train(training);
  }
}

/** Class indices and probabilities (softmax of the logits) of a classifier's outputs. */
export function classify(logits: Tensor): {
  labels: Int32Array;
  probabilities: Float32Array;
  classes: number;
} {
  return tidy(() => ({
    labels: Int32Array.from(argmax(logits, -1).dataSync() as ArrayLike<number>),
    probabilities: Float32Array.from(softmax(logits, -1).dataSync() as ArrayLike<number>),
    classes: logits.shape[1]!,
  }));
}

/** Regression outputs on the target's scale (the model predicts standardised values when a scaler is given). */
export function regressionValues(outputs: Tensor, scaler: StandardScaler | undefined): Tensor {
  return scaler ? scaler.inverseTransform(outputs) : outputs.clone();
}

export function classificationMetrics(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  classNames: readonly string[],
): ClassificationMetrics {
  const labels = classNames.map((_, i) => i);
  const t = Array.from(yTrue);
  const p = Array.from(yPred);
  const macro = precisionRecallFscoreSupport(t, p, { average: "macro", labels, zeroDivision: 0 });
  const weighted = precisionRecallFscoreSupport(t, p, { average: "weighted", labels, zeroDivision: 0 });
  const each = precisionRecallFscoreSupport(t, p, { average: null, labels, zeroDivision: 0 });
  return {
    task: "classification",
    samples: t.length,
    accuracy: accuracy(t, p),
    precision: macro.precision,
    recall: macro.recall,
    f1: macro.fscore,
    weighted: { precision: weighted.precision, recall: weighted.recall, f1: weighted.fscore },
    perClass: classNames.map((name, i) => ({
      class: name,
      precision: each.precision[i]!,
      recall: each.recall[i]!,
      f1: each.fscore[i]!,
      support: each.support[i]!,
    })),
    confusionMatrix: confusionMatrix(t, p, { labels }),
    classNames,
  };
}

export function regressionMetrics(yTrue: Tensor, yPred: Tensor): RegressionMetrics {
  return {
    task: "regression",
    samples: yTrue.shape[0]!,
    mse: meanSquaredError(yTrue, yPred),
    mae: meanAbsoluteError(yTrue, yPred),
    r2: r2Score(yTrue, yPred),
  };
}

/** The metrics as text: scikit-learn's classification report and the confusion matrix, or MSE/MAE/R². */
export function renderMetrics(m: TestMetrics, yTrue?: ArrayLike<number>, yPred?: ArrayLike<number>): string {
  if (m.task === "regression")
    return textTable([
      ["metric", "value"],
      ["MSE", m.mse],
      ["MAE", m.mae],
      ["R²", m.r2],
    ]);
  const lines: string[] = [];
  if (yTrue && yPred) {
    const report = classificationReport(Array.from(yTrue), Array.from(yPred), {
      labels: m.classNames.map((_, i) => i),
      targetNames: [...m.classNames],
      digits: 4,
      zeroDivision: 0,
    });
    lines.push(report.text.replace(/\s+$/, ""));
  } else {
    lines.push(
      textTable([
        ["class", "precision", "recall", "f1-score", "support"],
        ...m.perClass.map((c) => [c.class, c.precision, c.recall, c.f1, c.support]),
        ["macro avg", m.precision, m.recall, m.f1, m.samples],
      ]),
      `  accuracy ${m.accuracy.toFixed(4)}`,
    );
  }
  lines.push("", "Confusion matrix (rows: true class, columns: predicted class)");
  lines.push(
    textTable([["", ...m.classNames], ...m.confusionMatrix.map((row, i) => [m.classNames[i]!, ...row])]),
  );
  return lines.join("\n");
}
