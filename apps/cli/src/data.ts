import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import {
  ColumnTransformer,
  LabelEncoder,
  OneHotEncoder,
  Pipeline,
  SimpleImputer,
  StandardScaler,
  type Table,
  type TextVectorizer,
  type Transformer,
  trainTestSplit,
} from "@tensorkit/data";
import { readCsvFile } from "@tensorkit/data/node";
import {
  blobs,
  circles,
  type DataBundle,
  iris,
  mnist,
  moons,
  regression,
  spirals,
  xor,
} from "@tensorkit/datasets";
import { reshape, type Tensor, tensor } from "@tensorkit/tensor";
import { CliError } from "./errors.js";
import { prepareTextTable } from "./text-data.js";

export type Task = "classification" | "regression";

/** Built-in data sets by name, with what `tensorkit datasets` says of them. */
export const DATASETS = {
  xor: {
    task: "classification",
    shape: "4 × 2",
    about: "the XOR truth table (trained and tested on all 4 points)",
  },
  iris: { task: "classification", shape: "150 × 4", about: "Fisher's Iris: 3 species, 4 measurements" },
  mnist: {
    task: "classification",
    shape: "10,000 × 1×28×28",
    about: "handwritten digits, fixed 8,000/2,000 split",
  },
  spirals: { task: "classification", shape: "600 × 2", about: "three interleaved spirals (seeded)" },
  moons: { task: "classification", shape: "500 × 2", about: "two half-moons, noise 0.2 (seeded)" },
  circles: { task: "classification", shape: "500 × 2", about: "two concentric circles, noise 0.05 (seeded)" },
  blobs: { task: "classification", shape: "300 × 2", about: "three Gaussian blobs (seeded)" },
  regression: {
    task: "regression",
    shape: "500 × 10",
    about: "a linear target of 5 informative features, noise 5 (seeded)",
  },
} as const satisfies Record<string, { task: Task; shape: string; about: string }>;

export type DatasetName = keyof typeof DATASETS;

export function isDatasetName(s: string): s is DatasetName {
  return Object.hasOwn(DATASETS, s);
}

/**
 * What the CLI records about the data in the model file's metadata (as JSON). The fitted
 * transformers themselves are saved as the model file's preprocessing, by their `toJSON()`.
 */
export interface DataInfo {
  readonly format: "tensorkit-cli/1";
  readonly source:
    | { readonly kind: "dataset"; readonly name: DatasetName }
    | { readonly kind: "csv"; readonly file: string };
  readonly task: Task;
  /** The input columns, in order (the feature names of a data set). */
  readonly featureColumns: readonly string[];
  /** The target column of a CSV. */
  readonly target: string | null;
  /** The shape of one sample as the model takes it. */
  readonly inputShape: readonly number[];
  /** For a text model (`--text`): the text column and the vocabulary size its embedding needs. */
  readonly text?: { readonly column: string; readonly vocabularySize: number };
  /** For a recommender (`--model ncf`): the user and item id columns; its output is one logit per pair. */
  readonly ncf?: { readonly user: string; readonly item: string };
}

/**
 * The fitted transformers of a run (all `@tensorkit/data` transformers): `features` turns raw
 * inputs into model inputs (a ColumnTransformer for a CSV, a StandardScaler for a tabular data
 * set, none for MNIST), `targetEncoder` maps class labels to indices (CSV classification),
 * `targetScaler` standardises a regression target.
 */
export interface Preprocessors {
  features?: Transformer;
  targetEncoder?: LabelEncoder;
  targetScaler?: StandardScaler;
  /** Turns the text column into word indices (`--model lstm --text <column>`). */
  text?: TextVectorizer;
  /** User and item ids to embedding rows (`--model ncf`). */
  users?: LabelEncoder;
  items?: LabelEncoder;
}

/** Inputs and targets ready for a model, split, with everything needed to save and explain them. */
export interface Prepared {
  readonly xTrain: Tensor;
  readonly yTrain: Tensor;
  readonly xTest: Tensor;
  readonly yTest: Tensor;
  readonly task: Task;
  readonly classNames: readonly string[];
  readonly nOutputs: number;
  readonly info: DataInfo;
  readonly preprocessors: Preprocessors;
  /** What the test part is, for the report: "30 rows (20 %, stratified)". */
  readonly testDescription: string;
  readonly notes: readonly string[];
  dispose(): void;
}

export interface PrepareOptions {
  readonly target?: string;
  readonly task?: Task;
  readonly testSplit: number;
  readonly seed: number;
  /** Use at most this many samples (for quick runs). */
  readonly limit?: number;
  /** "lstm" reads each sample as a sequence: images row by row, tables one feature per step. */
  readonly sequence: boolean;
  /** A CSV column of free text to classify (word indices for an embedding + LSTM). */
  readonly text?: string;
}

/** A data argument: a built-in data set's name or a CSV file. */
export async function prepare(data: string, options: PrepareOptions): Promise<Prepared> {
  if (options.text !== undefined) {
    if (isDatasetName(data))
      throw new CliError(`--text reads a text column of a CSV file; ${data} is a built-in data set`);
    return finish(prepareTextTable(data, await readTable(data), options.text, options));
  }
  if (isDatasetName(data)) return prepareDataset(data, options);
  checkDataArgument(data);
  return prepareCsv(data, options);
}

/** A data argument that is neither a built-in data set nor a file (nor named *.csv) is an unknown data set. */
export function checkDataArgument(data: string): void {
  if (isDatasetName(data) || data.toLowerCase().endsWith(".csv") || existsSync(data)) return;
  throw new CliError(
    `unknown data set "${data}" (and no such file); built-in data sets: ${Object.keys(DATASETS).join(", ")}`,
  );
}

/** Loads a built-in data set: all of it, or for MNIST its `split`. */
export async function loadDataset(
  name: DatasetName,
  seed: number,
  split: "train" | "test" = "train",
  limit?: number,
): Promise<DataBundle> {
  switch (name) {
    case "xor":
      return xor();
    case "iris":
      return iris();
    case "mnist": {
      const available = split === "train" ? 8000 : 2000;
      const size =
        limit === undefined
          ? available
          : Math.min(available, split === "train" ? limit : Math.ceil(limit / 4));
      return mnist({ split, size });
    }
    case "spirals":
      return spirals({ nSamples: 600, nClasses: 3, seed });
    case "moons":
      return moons({ nSamples: 500, noise: 0.2, seed });
    case "circles":
      return circles({ nSamples: 500, noise: 0.05, factor: 0.5, seed });
    case "blobs":
      return blobs({ nSamples: 300, seed });
    case "regression":
      return regression({ nSamples: 500, nFeatures: 10, nInformative: 5, noise: 5, seed });
  }
}

/** The shape a sequence model reads one sample as: images row by row, table rows one feature per step. */
export function sequenceShape(shape: readonly number[]): number[] {
  if (shape.length === 3) return [shape[1]!, shape[0]! * shape[2]!];
  if (shape.length === 1) return [shape[0]!, 1];
  return [...shape];
}

function reshapeSamples(x: Tensor, inputShape: readonly number[]): Tensor {
  const same = x.shape.length === inputShape.length + 1 && inputShape.every((d, i) => x.shape[i + 1] === d);
  if (same) return x;
  const out = reshape(x, [x.shape[0]!, ...inputShape]);
  x.dispose();
  return out;
}

function toTarget(y: Tensor, task: Task): Tensor {
  if (task === "classification") return y;
  const out = y.rank === 1 ? reshape(y, [y.shape[0]!, 1]) : y;
  return out;
}

async function prepareDataset(name: DatasetName, options: PrepareOptions): Promise<Prepared> {
  const task: Task = DATASETS[name].task;
  const notes: string[] = [];
  if (options.target) notes.push(`--target is ignored for the built-in data set ${name}`);
  let xTrain: Tensor;
  let xTest: Tensor;
  let yTrain: Tensor;
  let yTest: Tensor;
  let classNames: readonly string[];
  let featureNames: readonly string[];
  let testDescription: string;
  if (name === "mnist") {
    const train = await loadDataset("mnist", options.seed, "train", options.limit);
    const test = await loadDataset("mnist", options.seed, "test", options.limit);
    [xTrain, yTrain, xTest, yTest] = [train.x, train.y, test.x, test.y];
    classNames = train.classNames;
    featureNames = [];
    testDescription = `${xTest.shape[0]} digits (the fixed MNIST test split)`;
  } else {
    const bundle = await loadDataset(name, options.seed);
    classNames = bundle.classNames;
    featureNames = bundle.featureNames;
    let x = bundle.x;
    let y = bundle.y;
    if (options.limit !== undefined && options.limit < x.shape[0]!) {
      // Keep the classes' proportions when shortening a classification set.
      const [xs, , ys] = trainTestSplit([x, y], {
        trainSize: options.limit,
        seed: options.seed,
        ...(task === "classification" ? { stratify: y } : {}),
      });
      bundle.dispose();
      [x, y] = [xs!, ys!];
    }
    if (name === "xor" || options.testSplit === 0) {
      // Four points cannot be split: XOR is learnt and tested on the whole truth table.
      [xTrain, yTrain, xTest, yTest] = [x, y, x.clone(), y.clone()];
      testDescription = `all ${x.shape[0]} samples (the training data: no test split)`;
    } else {
      const stratify = task === "classification";
      [xTrain, xTest, yTrain, yTest] = trainTestSplit([x, y], {
        testSize: options.testSplit,
        seed: options.seed,
        ...(stratify ? { stratify: y } : {}),
      }) as [Tensor, Tensor, Tensor, Tensor];
      x.dispose();
      y.dispose();
      testDescription = `${xTest.shape[0]} samples (${Math.round(options.testSplit * 100)} %${stratify ? ", stratified" : ""})`;
    }
  }
  const preprocessors: Preprocessors = {};
  if (name !== "mnist") {
    const scaler = new StandardScaler().fit(xTrain);
    const [a, b] = [scaler.transform(xTrain), scaler.transform(xTest)];
    xTrain.dispose();
    xTest.dispose();
    [xTrain, xTest] = [a, b];
    preprocessors.features = scaler;
  }
  if (task === "regression") {
    yTrain = toTarget(yTrain, task);
    yTest = toTarget(yTest, task);
    const targetScaler = new StandardScaler().fit(yTrain);
    preprocessors.targetScaler = targetScaler;
    const scaled = targetScaler.transform(yTrain);
    yTrain.dispose();
    yTrain = scaled;
  }
  const sampleShape = xTrain.shape.slice(1);
  const inputShape = options.sequence ? sequenceShape(sampleShape) : sampleShape;
  xTrain = reshapeSamples(xTrain, inputShape);
  xTest = reshapeSamples(xTest, inputShape);
  return finish({
    xTrain,
    yTrain,
    xTest,
    yTest,
    task,
    classNames,
    nOutputs: task === "classification" ? classNames.length : yTrain.shape[1]!,
    testDescription,
    notes,
    preprocessors,
    info: {
      format: "tensorkit-cli/1",
      source: { kind: "dataset", name },
      task,
      featureColumns: [...featureNames],
      target: null,
      inputShape,
    },
  });
}

function finish(p: Omit<Prepared, "dispose">): Prepared {
  return {
    ...p,
    dispose() {
      for (const t of [p.xTrain, p.yTrain, p.xTest, p.yTest]) if (!t.isDisposed) t.dispose();
    },
  };
}

/** Reads a CSV file, with a one-line error for a missing or unreadable file. */
export async function readTable(path: string): Promise<Table> {
  if (!existsSync(path)) throw new CliError(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new CliError(`${path}: is a directory, not a CSV file`);
  const table = await readCsvFile(path);
  if (table.numRows === 0) throw new CliError(`${path}: the CSV file has no data rows`);
  return table;
}

/** A categorical column with more distinct values than this (and than half the rows) is an identifier, not a feature. */
const MAX_CATEGORIES = 100;

/**
 * The CSV's target: classification when it is categorical or holds few distinct integers
 * (at most 10, or at most 20 when that is under 5 % of the rows), else regression.
 */
export function inferTask(table: Table, target: string): Task {
  if (table.columnType(target) === "category") return "classification";
  const values = (table.numberColumn(target) as number[]).filter((v) => !Number.isNaN(v));
  if (!values.every(Number.isInteger)) return "regression";
  const distinct = new Set(values).size;
  return distinct <= 10 || (distinct <= 20 && distinct <= values.length * 0.05)
    ? "classification"
    : "regression";
}

function noColumn(path: string, table: Table, column: string): CliError {
  return new CliError(
    `${path}: no column "${column}" (the columns are ${table.columns.map((c) => `"${c}"`).join(", ")})`,
  );
}

async function prepareCsv(path: string, options: PrepareOptions): Promise<Prepared> {
  let table = await readTable(path);
  const notes: string[] = [];
  const target = options.target ?? table.columns.at(-1)!;
  if (!table.has(target)) throw noColumn(path, table, target);
  if (options.target === undefined) notes.push(`no --target given: predicting the last column, "${target}"`);
  if (table.columns.length < 2)
    throw new CliError(`${path}: needs at least one feature column besides "${target}"`);
  // Rows without a target teach nothing.
  const missing = table
    .column(target)
    .filter((v) => v === null || (typeof v === "number" && Number.isNaN(v))).length;
  if (missing > 0) {
    table = table.filterRows(
      (r) => !(r[target] === null || (typeof r[target] === "number" && Number.isNaN(r[target]))),
    );
    notes.push(`dropped ${missing} rows without a value of "${target}"`);
  }
  if (options.limit !== undefined && options.limit < table.numRows) table = table.head(options.limit);
  const task = options.task ?? inferTask(table, target);
  if (task === "regression" && table.columnType(target) !== "number")
    throw new CliError(`${path}: --task regression needs a numeric target, but "${target}" is categorical`);
  const numeric: string[] = [];
  const categorical: string[] = [];
  for (const c of table.columns) {
    if (c === target) continue;
    if (table.columnType(c) === "number") {
      if ((table.numberColumn(c) as number[]).every(Number.isNaN))
        notes.push(`dropped column "${c}": it is empty`);
      else numeric.push(c);
      continue;
    }
    const distinct = new Set(table.categoryColumn(c).filter((v) => v !== null)).size;
    if (distinct === 0) notes.push(`dropped column "${c}": it is empty`);
    else if (distinct > MAX_CATEGORIES && distinct > table.numRows / 2)
      notes.push(
        `dropped column "${c}": ${distinct} distinct values look like an identifier, not a category`,
      );
    else categorical.push(c);
  }
  if (numeric.length + categorical.length === 0)
    throw new CliError(`${path}: no usable feature columns besides the target "${target}"`);

  // Labels for classification: the target's values as strings or numbers, encoded in sorted order.
  let labels: (string | number)[] | undefined;
  let encoder: LabelEncoder | undefined;
  if (task === "classification") {
    labels = table.column(target) as (string | number)[];
    encoder = new LabelEncoder().fit(labels);
    if (encoder.classes!.length < 2)
      throw new CliError(
        `${path}: the target "${target}" has only one value (${String(encoder.classes![0])}); nothing to classify`,
      );
  }
  const classNames = encoder ? encoder.classes!.map(String) : [];
  let train: Table;
  let test: Table;
  const testSplit = options.testSplit;
  if (testSplit === 0) {
    [train, test] = [table, table];
  } else {
    let stratify: (string | number)[] | undefined;
    if (labels) {
      const counts = new Map<string | number, number>();
      for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
      if (Math.min(...counts.values()) >= 2) stratify = labels;
      else notes.push("not stratifying the test split: a class has a single row");
    }
    [train, test] = trainTestSplit([table], {
      testSize: testSplit,
      seed: options.seed,
      ...(stratify ? { stratify } : {}),
    }) as [Table, Table];
  }
  const entries: [string, Pipeline, string[]][] = [];
  if (numeric.length > 0)
    entries.push([
      "num",
      new Pipeline([
        ["impute", new SimpleImputer({ strategy: "median", keepEmptyFeatures: true })],
        ["scale", new StandardScaler()],
      ]),
      numeric,
    ]);
  if (categorical.length > 0)
    entries.push([
      "cat",
      new Pipeline([
        ["impute", new SimpleImputer({ strategy: "mostFrequent", keepEmptyFeatures: true })],
        ["onehot", new OneHotEncoder({ handleUnknown: "ignore" })],
      ]),
      categorical,
    ]);
  const columns = new ColumnTransformer(entries);
  let xTrain = columns.fitTransform(train);
  let xTest = columns.transform(test);
  let yTrain: Tensor;
  let yTest: Tensor;
  let targetScaler: StandardScaler | undefined;
  if (encoder) {
    yTrain = tensor(Int32Array.from(encoder.transform(train.column(target) as (string | number)[])));
    yTest = tensor(Int32Array.from(encoder.transform(test.column(target) as (string | number)[])));
  } else {
    const raw = train.toTensor([target]);
    yTest = test.toTensor([target]);
    targetScaler = new StandardScaler().fit(raw);
    yTrain = targetScaler.transform(raw);
    raw.dispose();
  }
  const sampleShape = xTrain.shape.slice(1);
  const inputShape = options.sequence ? sequenceShape(sampleShape) : sampleShape;
  xTrain = reshapeSamples(xTrain, inputShape);
  xTest = reshapeSamples(xTest, inputShape);
  const testDescription =
    testSplit === 0
      ? `all ${table.numRows} rows (the training data: --test-split 0)`
      : `${test.numRows} rows (${Math.round(testSplit * 100)} %${task === "classification" ? ", stratified" : ""})`;
  return finish({
    xTrain,
    yTrain,
    xTest,
    yTest,
    task,
    classNames,
    nOutputs: encoder ? classNames.length : 1,
    testDescription,
    notes,
    preprocessors: {
      features: columns,
      ...(encoder ? { targetEncoder: encoder } : {}),
      ...(targetScaler ? { targetScaler } : {}),
    },
    info: {
      format: "tensorkit-cli/1",
      source: { kind: "csv", file: basename(path) },
      task,
      featureColumns: [...numeric, ...categorical],
      target,
      inputShape,
    },
  });
}
