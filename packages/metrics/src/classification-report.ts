import { ValueError } from "@tensorkit/tensor";
import { pyFixed } from "./format.js";
import { type ArrayInput, labelPair, uniqueSorted } from "./input.js";
import { ClassCounts, prfFromCounts, type ZeroDivision } from "./precision-recall.js";

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** The classes to report, in this order; default: every class in yTrue or yPred, sorted. */
  readonly labels?: readonly number[];
  /** A display name per class (in `labels` order). */
  readonly targetNames?: readonly string[];
  /** Decimals in the text (default 2); the object keeps full precision. */
  readonly digits?: number;
  readonly zeroDivision?: ZeroDivision;
}

/** One row of the report object. */
export interface ReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly "f1-score": number;
  readonly support: number;
}

/**
 * scikit-learn's `output_dict=True` shape: a row per class name, then `accuracy` (a number) when
 * every class is reported, else a `micro avg` row, then `macro avg` and `weighted avg`.
 */
export type ClassificationReportObject = Record<string, ReportRow | number>;

/** Both forms of the report. */
export interface ClassificationReport {
  /** The text scikit-learn prints, character for character. */
  readonly text: string;
  readonly object: ClassificationReportObject;
  toString(): string;
}

/**
 * Precision, recall, F1 and support per class, with their accuracy, macro and weighted averages
 * (scikit-learn's `classification_report`). `text` lays them out as scikit-learn does, `object`
 * is its `output_dict=True` form.
 *
 * @example
 * ```ts
 * const report = classificationReport(yTest, logits, { targetNames: ["setosa", "versicolor", "virginica"] });
 * console.log(report.text);
 * report.object["macro avg"];   // { precision, recall, "f1-score", support }
 * ```
 */
export function classificationReport(
  yTrue: ArrayInput,
  yPred: ArrayInput,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const op = "classificationReport";
  const { yTrue: t, yPred: p } = labelPair(yTrue, yPred, op);
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 50) {
    throw new ValueError(`${op}: digits must be an integer in [0, 50], got ${digits}`);
  }
  const present = uniqueSorted(t, p);
  const labelsGiven = options.labels !== undefined;
  const labels = options.labels ?? present;
  const microIsAccuracy = !labelsGiven || present.every((c) => labels.includes(c));
  let names = options.targetNames;
  if (names !== undefined && names.length !== labels.length && !labelsGiven) {
    throw new ValueError(
      `${op}: number of classes, ${labels.length}, does not match the ${names.length} targetNames; ` +
        "pass labels to say which classes they name",
    );
  }
  names ??= labels.map((l) => String(l));
  const counts = new ClassCounts();
  counts.add(t, p);
  const base = { labels, zeroDivision: options.zeroDivision ?? "warn" } as const;
  const perClass = prfFromCounts(counts, { ...base, average: null }, op) as {
    precision: number[];
    recall: number[];
    fscore: number[];
    support: number[];
  };
  const rows = Math.min(names.length, labels.length);
  const totalSupport = perClass.support.reduce((a, b) => a + b, 0);
  // scikit-learn quirk, kept so the text matches: when no sample at all is predicted correctly,
  // its counts come out as floats and the supports print as "2.0".
  const anyCorrect = [...counts.tp.values()].some((v) => v > 0);
  const supportText = (v: number) => (anyCorrect || !Number.isInteger(v) ? String(v) : `${v}.0`);

  const object: ClassificationReportObject = {};
  const headers = ["precision", "recall", "f1-score", "support"];
  const width = Math.max(...names.map((n) => n.length), "weighted avg".length, digits);
  const pad = (s: string, w: number) => s.padStart(w);
  let text = `${pad("", width)} ${headers.map((h) => ` ${pad(h, 9)}`).join("")}\n\n`;
  const line = (name: string, values: number[], support: number) =>
    `${pad(name, width)} ${values.map((v) => ` ${pad(pyFixed(v, digits), 9)}`).join("")} ${pad(supportText(support), 9)}\n`;
  for (let i = 0; i < rows; i++) {
    const row = [perClass.precision[i]!, perClass.recall[i]!, perClass.fscore[i]!];
    object[names[i]!] = {
      precision: row[0]!,
      recall: row[1]!,
      "f1-score": row[2]!,
      support: perClass.support[i]!,
    };
    text += line(names[i]!, row, perClass.support[i]!);
  }
  text += "\n";
  for (const average of ["micro", "macro", "weighted"] as const) {
    const r = prfFromCounts(counts, { ...base, average }, op) as {
      precision: number;
      recall: number;
      fscore: number;
    };
    if (average === "micro" && microIsAccuracy) {
      object.accuracy = r.precision;
      text += `${pad("accuracy", width)} ${` ${pad("", 9)}`.repeat(2)} ${pad(pyFixed(r.fscore, digits), 9)} ${pad(supportText(totalSupport), 9)}\n`;
      continue;
    }
    const heading = `${average} avg`;
    object[heading] = {
      precision: r.precision,
      recall: r.recall,
      "f1-score": r.fscore,
      support: totalSupport,
    };
    text += line(heading, [r.precision, r.recall, r.fscore], totalSupport);
  }
  return { text, object, toString: () => text };
}
