/** Shapes of the committed fixtures (see tooling/fixtures/generate_metrics.py). */
export interface PrfEntry {
  average: "binary" | "micro" | "macro" | "weighted" | null;
  zeroDivision: string;
  beta: number;
  precision: number | number[];
  recall: number | number[];
  fscore: number | number[];
  support: number[] | null;
}
export interface ReportEntry {
  digits: number;
  zeroDivision: string;
  targetNames: string[] | null;
  text: string | { error: string };
  dict: Record<string, unknown> | { error: string };
}
export interface ClassificationCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  labels: number[] | null;
  posLabel: number;
  accuracy: number;
  prf: PrfEntry[];
  confusionMatrix: Record<string, number[][] | { error: string }>;
  reports: ReportEntry[];
}
export interface ClassificationFixture {
  sklearn: string;
  cases: ClassificationCase[];
}
export interface BinaryRankingCase {
  name: string;
  yTrue: number[];
  yScore: number[];
  posLabel: number | null;
  roc_drop_true: { fpr: number[]; tpr: number[]; thresholds: number[] };
  roc_drop_false: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr_drop_true: { precision: number[]; recall: number[]; thresholds: number[] };
  pr_drop_false: { precision: number[]; recall: number[]; thresholds: number[] };
  rocAuc?: number;
  averagePrecision: number;
}
export interface MulticlassRankingCase {
  name: string;
  yTrue: number[];
  yScore: number[][];
  labels: number[] | null;
  rocAuc: Record<string, number | number[]>;
  averagePrecision?: Record<string, number | number[]>;
}
export interface TopKCase {
  name: string;
  yTrue: number[];
  yScore: number[] | number[][];
  labels: number[] | null;
  results: { k: number; normalize: boolean; value: number }[];
}
export interface LogLossCase {
  name: string;
  yTrue: number[];
  yProb: number[] | number[][];
  dtype: "float32" | "float64";
  labels: number[] | null;
  value: number;
  sum: number;
}
export interface RankingFixture {
  binary: BinaryRankingCase[];
  multiclass: MulticlassRankingCase[];
  topK: TopKCase[];
  logLoss: LogLossCase[];
}
export interface RegressionCase {
  name: string;
  yTrue: number[] | number[][];
  yPred: number[] | number[][];
  meanSquaredError: { uniform: number; raw: number[] };
  rootMeanSquaredError: { uniform: number; raw: number[] };
  meanAbsoluteError: { uniform: number; raw: number[] };
  r2Score: { uniform: number; raw: number[] };
}
export interface RegressionFixture {
  cases: RegressionCase[];
}
