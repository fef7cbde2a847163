import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ColumnTransformer,
  isMissing,
  LabelEncoder,
  OneHotEncoder,
  Pipeline,
  SimpleImputer,
  StandardScaler,
  type Table,
  trainTestSplit,
} from "@tensorkit/data";
import { readCsvFile } from "@tensorkit/data/node";
import { penguins } from "@tensorkit/datasets";
import { classificationReport, meanAbsoluteError, r2Score, rootMeanSquaredError } from "@tensorkit/metrics";
import { dense, dropout, type JsonValue, sequential } from "@tensorkit/nn";
import { argmax, manualSeed, type Tensor, tensor } from "@tensorkit/tensor";
import { compile, type Trainer } from "@tensorkit/train";
import { saveModel } from "@tensorkit/train/node";
import { assertFloor, quickFromArgv, type RunOptions, useBackend } from "./common.js";

/** The documented setting and the short one CI runs (the data set is small: only epochs differ). */
const SETTINGS = {
  full: { epochs: 60, accuracyFloor: 0.95, r2Floor: 0.75 },
  quick: { epochs: 40, accuracyFloor: 0.85, r2Floor: 0.6 },
} as const;

const NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"];
const CATEGORICAL = ["species", "island", "sex"];

/**
 * Preprocessing fitted on the training rows only: numbers imputed with the median and
 * standardised, categories imputed with the most frequent value and one-hot encoded (an island
 * or sex never seen in training encodes as all zeros).
 */
function features(numeric: string[], categorical: string[]): ColumnTransformer {
  return new ColumnTransformer([
    [
      "num",
      new Pipeline([
        ["impute", new SimpleImputer({ strategy: "median" })],
        ["scale", new StandardScaler()],
      ]),
      numeric,
    ],
    [
      "cat",
      new Pipeline([
        ["impute", new SimpleImputer({ strategy: "mostFrequent" })],
        ["onehot", new OneHotEncoder({ handleUnknown: "ignore" })],
      ]),
      categorical,
    ],
  ]);
}

function mlp(inputs: number, outputs: number) {
  return sequential([
    dense(32, { activation: "relu", inputShape: [inputs] }),
    dropout(0.1),
    dense(16, { activation: "relu" }),
    dense(outputs),
  ]);
}

/**
 * The model file `tensorkit predict` reads: the weights, the fitted preprocessing, and the
 * data description the CLI writes (`metadata.cli`: which columns go in, which comes out).
 */
async function saveForCli(
  path: string,
  trainer: Trainer,
  info: { task: "classification" | "regression"; featureColumns: string[]; target: string; inputs: number },
  preprocessing: Record<string, { toJSON(): unknown }>,
  classNames: string[],
): Promise<void> {
  const cli = {
    format: "tensorkit-cli/1",
    source: { kind: "csv", file: "penguins.csv" },
    task: info.task,
    featureColumns: info.featureColumns,
    target: info.target,
    inputShape: [info.inputs],
  };
  await saveModel(path, trainer, { preprocessing, classNames, metadata: { cli: cli as JsonValue } });
}

function rowsWith(table: Table, column: string): Table {
  return table.filterRows((r) => !isMissing(r[column]));
}

/**
 * Tabular data end to end: the Palmer penguins CSV (mixed numeric and categorical columns, with
 * missing values) through `@tensorkit/data` — read, split, impute, scale, one-hot — into two
 * small MLPs: species classification and body-mass regression. Each model file carries its
 * fitted preprocessing, so `tensorkit predict` applies it to new raw rows.
 */
export async function trainTabular(
  options: RunOptions & { readonly outDir?: string } = {},
): Promise<{ accuracy: number; r2: number }> {
  const s = options.quick ? SETTINGS.quick : SETTINGS.full;
  const backend = await useBackend();
  const outDir = options.outDir ?? join(tmpdir(), "tensorkit-examples");
  mkdirSync(outDir, { recursive: true });
  const csvPath = join(outDir, "penguins.csv");
  writeFileSync(csvPath, (await penguins()).csv);
  const table = await readCsvFile(csvPath);
  const missing = table.columns.map((c) => `${c} ${table.column(c).filter(isMissing).length}`);
  console.log(
    `tabular: ${csvPath}: ${table.numRows} rows; missing values per column: ${missing.join(", ")}; ${backend}`,
  );

  // --- Classification: species from the measurements, island and sex.
  manualSeed(3);
  const labelled = rowsWith(table, "species");
  const labels = labelled.categoryColumn("species") as string[];
  const [trainT, testT] = trainTestSplit([labelled], { testSize: 0.25, stratify: labels, seed: 3 }) as [
    Table,
    Table,
  ];
  const speciesFeatures = NUMERIC;
  const speciesCats = ["island", "sex"];
  const columns = features(speciesFeatures, speciesCats);
  const xTrain = columns.fitTransform(trainT) as Tensor;
  const xTest = columns.transform(testT) as Tensor;
  const encoder = new LabelEncoder().fit(labels);
  const classNames = encoder.classes!.map(String);
  const yTrain = tensor(
    Int32Array.from(encoder.transform(trainT.categoryColumn("species") as string[]) as number[]),
  );
  const yTestList = encoder.transform(testT.categoryColumn("species") as string[]) as number[];
  const classifier = mlp(xTrain.shape[1]!, classNames.length);
  const clsTrainer = compile(classifier, {
    optimizer: { name: "adam", lr: 0.01 },
    loss: "crossEntropy",
    metrics: ["accuracy"],
  });
  await clsTrainer.fit(xTrain, yTrain, { epochs: s.epochs, batchSize: 32, seed: 3, verbose: 0 });
  const logits = clsTrainer.predict(xTest);
  const predicted = argmax(logits, -1);
  const yPred = Array.from(predicted.dataSync() as ArrayLike<number>);
  const accuracy = yPred.filter((p, i) => p === yTestList[i]).length / yPred.length;
  console.log(
    `\nspecies: ${xTrain.shape[1]} features after preprocessing; test accuracy ${accuracy.toFixed(4)} on ${yPred.length} penguins`,
  );
  console.log(classificationReport(yTestList, yPred, { targetNames: classNames, digits: 3 }).text);
  const speciesModel = join(outDir, "penguins-species.safetensors");
  await saveForCli(
    speciesModel,
    clsTrainer,
    {
      task: "classification",
      featureColumns: [...speciesFeatures, ...speciesCats],
      target: "species",
      inputs: xTrain.shape[1]!,
    },
    { features: columns, targetEncoder: encoder },
    classNames,
  );

  // --- Regression: body mass from species, island, sex and the other measurements.
  manualSeed(4);
  const weighed = rowsWith(table, "body_mass_g");
  const [trainR, testR] = trainTestSplit([weighed], { testSize: 0.25, seed: 4 }) as [Table, Table];
  const massNumeric = NUMERIC.filter((c) => c !== "body_mass_g");
  const massColumns = features(massNumeric, CATEGORICAL);
  const xTrainR = massColumns.fitTransform(trainR) as Tensor;
  const xTestR = massColumns.transform(testR) as Tensor;
  const yRaw = trainR.toTensor(["body_mass_g"]);
  const yTestR = testR.toTensor(["body_mass_g"]);
  const targetScaler = new StandardScaler().fit(yRaw);
  const yTrainR = targetScaler.transform(yRaw);
  const regressor = mlp(xTrainR.shape[1]!, 1);
  const regTrainer = compile(regressor, { optimizer: { name: "adam", lr: 0.01 }, loss: "mse" });
  await regTrainer.fit(xTrainR, yTrainR, { epochs: s.epochs, batchSize: 32, seed: 4, verbose: 0 });
  const scaled = regTrainer.predict(xTestR);
  const grams = targetScaler.inverseTransform(scaled);
  const rmse = rootMeanSquaredError(yTestR, grams);
  const mae = meanAbsoluteError(yTestR, grams);
  const r2 = r2Score(yTestR, grams);
  const sd = Math.sqrt(targetScaler.var![0]!);
  console.log(
    `body_mass_g: test RMSE ${rmse.toFixed(1)} g, MAE ${mae.toFixed(1)} g, R² ${r2.toFixed(3)} on ${yTestR.shape[0]} penguins ` +
      `(predicting the training mean: RMSE ≈ ${sd.toFixed(0)} g, R² ≈ 0)`,
  );
  const massModel = join(outDir, "penguins-mass.safetensors");
  await saveForCli(
    massModel,
    regTrainer,
    {
      task: "regression",
      featureColumns: [...massNumeric, ...CATEGORICAL],
      target: "body_mass_g",
      inputs: xTrainR.shape[1]!,
    },
    { features: massColumns, targetScaler },
    [],
  );
  console.log(
    "\nthe model files hold their fitted preprocessing; predict new raw rows (missing values allowed) with:\n" +
      `  pnpm tensorkit predict ${speciesModel} ${csvPath}\n` +
      `  pnpm tensorkit predict ${massModel} ${csvPath}\n` +
      "or train the same kind of model with no code:\n" +
      `  pnpm tensorkit train ${csvPath} --target species --out species.safetensors`,
  );

  for (const t of [
    xTrain,
    xTest,
    yTrain,
    logits,
    predicted,
    xTrainR,
    xTestR,
    yRaw,
    yTestR,
    yTrainR,
    scaled,
    grams,
  ])
    t.dispose();
  for (const m of [classifier, regressor]) m.dispose();
  clsTrainer.optimizer.dispose();
  regTrainer.optimizer.dispose();
  assertFloor("tabular", "species test accuracy", accuracy, s.accuracyFloor);
  assertFloor("tabular", "body-mass test R²", r2, s.r2Floor);
  return { accuracy, r2 };
}

if (import.meta.url === `file://${process.argv[1]}`) await trainTabular({ quick: quickFromArgv() });
