import { writeFileSync } from "node:fs";
import type { Table, Value } from "@tensorkit/data";
import { sigmoid, tensor } from "@tensorkit/tensor";
import { useBackend } from "../backend.js";
import { readTable } from "../data.js";
import { classify, regressionValues, runModel } from "../evaluation.js";
import { tableFeatures, toModelInput } from "../inputs.js";
import type { Io } from "../io.js";
import { type CliModel, loadCliModel } from "../model-file.js";
import { encodePairs } from "../ncf.js";

export interface PredictOptions {
  backend: string;
  out?: string;
  json: boolean;
}

function csvCell(v: Value | number | string): string {
  if (v === null || (typeof v === "number" && Number.isNaN(v))) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Adds `prediction` (and, for a classifier, `probability` and one `p_<class>` column per class) to each row. */
/** A recommender's score of each row's (user, item) pair: the probability of an interaction. */
function predictPairs(table: Table, m: CliModel, csv: string, o: PredictOptions, io: Io): void {
  const { users, items } = m.preprocessors;
  const pairs = encodePairs(table, users!, items!, m.info.ncf!, csv);
  const x = tensor(pairs, { shape: [table.numRows, 2] });
  const logits = runModel(m.model, x);
  const probabilities = sigmoid(logits);
  const scores = Array.from(probabilities.dataSync() as ArrayLike<number>);
  for (const t of [x, logits, probabilities]) t.dispose();
  const rows = table.toRows() as (Value | number | string)[][];
  rows.forEach((row, r) => {
    row.push(scores[r]!);
  });
  const text = `${[[...table.columns, "score"], ...rows].map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
  if (o.out) writeFileSync(o.out, text);
  if (o.json)
    io.out(
      `${JSON.stringify({ command: "predict", model: m.path, data: csv, out: o.out ?? null, rows: table.numRows, scores })}\n`,
    );
  else io.out(o.out ? `${table.numRows} scores written to ${o.out}\n` : text);
}

export async function predict(modelPath: string, csv: string, o: PredictOptions, io: Io): Promise<void> {
  await useBackend(o.backend);
  const m = await loadCliModel(modelPath);
  const owned: { dispose(): void }[] = [m];
  try {
    const table = await readTable(csv);
    if (m.info.ncf) return predictPairs(table, m, csv, o, io);
    const features = tableFeatures(table, m, csv);
    owned.push(features);
    const x = toModelInput(features, m, csv);
    owned.push(x);
    const outputs = runModel(m.model, x);
    owned.push(outputs);
    const header = [...table.columns];
    const rows: (Value | number | string)[][] = table.toRows();
    let predictions: (string | number)[];
    let probabilities: number[][] | undefined;
    if (m.info.task === "classification") {
      const { labels, probabilities: p, classes } = classify(outputs);
      const names = m.preprocessors.targetEncoder?.classes ?? m.classNames;
      predictions = Array.from(labels, (i) => names[i] ?? i);
      probabilities = Array.from(labels, (_, r) => Array.from(p.subarray(r * classes, (r + 1) * classes)));
      header.push("prediction", "probability", ...m.classNames.map((c) => `p_${c}`));
      rows.forEach((row, r) => {
        row.push(predictions[r]!, probabilities![r]![labels[r]!]!, ...probabilities![r]!);
      });
    } else {
      const values = regressionValues(outputs, m.preprocessors.targetScaler);
      owned.push(values);
      predictions = Array.from(values.dataSync() as ArrayLike<number>);
      header.push("prediction");
      rows.forEach((row, r) => {
        row.push(predictions[r]!);
      });
    }
    const text = `${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
    if (o.out) writeFileSync(o.out, text);
    if (o.json) {
      io.out(
        `${JSON.stringify({
          command: "predict",
          model: modelPath,
          data: csv,
          out: o.out ?? null,
          rows: table.numRows,
          predictions,
          ...(probabilities ? { classNames: m.classNames, probabilities } : {}),
        })}\n`,
      );
      return;
    }
    if (o.out) io.out(`${table.numRows} predictions written to ${o.out}\n`);
    else io.out(text);
  } finally {
    for (const d of owned.reverse()) d.dispose();
  }
}
