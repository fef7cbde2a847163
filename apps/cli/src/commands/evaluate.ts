import type { Tensor } from "@tensorkit/tensor";
import { useBackend } from "../backend.js";
import { checkDataArgument, isDatasetName, readTable } from "../data.js";
import { CliError } from "../errors.js";
import {
  classificationMetrics,
  classify,
  regressionMetrics,
  regressionValues,
  renderMetrics,
  runModel,
  type TestMetrics,
} from "../evaluation.js";
import { datasetForModel, tableFeatures, tableTargets, targetColumn, toModelInput } from "../inputs.js";
import type { Io } from "../io.js";
import { loadCliModel } from "../model-file.js";

export interface EvaluateOptions {
  backend: string;
  seed: number;
  json: boolean;
  target?: string;
}

export async function evaluate(modelPath: string, data: string, o: EvaluateOptions, io: Io): Promise<void> {
  await useBackend(o.backend);
  checkDataArgument(data);
  const m = await loadCliModel(modelPath);
  if (m.info.ncf) {
    m.dispose();
    throw new CliError(
      `${modelPath}: a recommender (NeuMF); its leave-one-out HR@10 and NDCG@10 are measured by tensorkit train --model ncf — score pairs with tensorkit predict`,
    );
  }
  const owned: { dispose(): void }[] = [m];
  try {
    let x: Tensor;
    let y: Tensor;
    let description: string;
    if (isDatasetName(data)) {
      ({ x, y, description } = await datasetForModel(data, m, o.seed));
    } else {
      const table = await readTable(data);
      const target = targetColumn(table, m, o.target);
      y = tableTargets(table, m, data, target);
      const features = tableFeatures(table, m, data, target);
      owned.push(features);
      x = toModelInput(features, m, data);
      description = `all ${table.numRows} rows of ${data}`;
    }
    owned.push(x, y);
    const outputs = runModel(m.model, x);
    owned.push(outputs);
    let test: TestMetrics;
    let labels: { yTrue: ArrayLike<number>; yPred: ArrayLike<number> } | undefined;
    if (m.info.task === "classification") {
      const yTrue = y.dataSync() as ArrayLike<number>;
      const yPred = classify(outputs).labels;
      test = classificationMetrics(yTrue, yPred, m.classNames);
      labels = { yTrue, yPred };
    } else {
      const values = regressionValues(outputs, m.preprocessors.targetScaler);
      owned.push(values);
      test = regressionMetrics(y, values);
    }
    if (o.json) {
      io.out(`${JSON.stringify({ command: "evaluate", model: modelPath, data, test })}\n`);
      return;
    }
    io.out(
      `Metrics of ${modelPath} on ${description}\n\n${renderMetrics(test, labels?.yTrue, labels?.yPred)}\n`,
    );
  } finally {
    for (const d of owned.reverse()) d.dispose();
  }
}
