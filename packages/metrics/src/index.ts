// @tensorkit/metrics: the public surface. Re-exports only.
export { ShapeError, ValueError } from "@tensorkit/tensor";
export { type AccuracyOptions, accuracy, type TopKAccuracyOptions, topKAccuracy } from "./accuracy.js";
export { auc } from "./binary-curve.js";
export {
  type ClassificationReport,
  type ClassificationReportObject,
  type ClassificationReportOptions,
  classificationReport,
  type ReportRow,
} from "./classification-report.js";
export { type ConfusionMatrixOptions, confusionMatrix } from "./confusion-matrix.js";
export type { ArrayInput } from "./input.js";
export { type LogLossOptions, logLoss } from "./log-loss.js";
export {
  type Average,
  type FbetaOptions,
  f1,
  fbeta,
  type PrfOptions,
  type PrfResult,
  precision,
  precisionRecallFscoreSupport,
  recall,
  type ZeroDivision,
} from "./precision-recall.js";
export {
  type AveragePrecisionOptions,
  averagePrecision,
  type PrecisionRecallCurve,
  type PrecisionRecallCurveOptions,
  precisionRecallCurve,
} from "./precision-recall-curve.js";
export { type LeaveOneOutScores, leaveOneOutScores } from "./ranking.js";
export {
  meanAbsoluteError,
  meanSquaredError,
  type RegressionOptions,
  r2Score,
  rootMeanSquaredError,
} from "./regression.js";
export { type RocAucOptions, type RocCurve, type RocCurveOptions, rocAuc, rocCurve } from "./roc.js";
export { Accuracy } from "./streaming/accuracy.js";
export { ConfusionMatrix } from "./streaming/confusion-matrix.js";
export { LogLoss } from "./streaming/log-loss.js";
export { Mean } from "./streaming/mean.js";
export type { StreamingMetric } from "./streaming/metric.js";
export { F1, FBeta, Precision, Recall } from "./streaming/precision-recall.js";
export { MeanAbsoluteError, MeanSquaredError } from "./streaming/regression.js";
