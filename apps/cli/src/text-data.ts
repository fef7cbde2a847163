import { basename } from "node:path";
import { isMissing, LabelEncoder, type Table, TextVectorizer, trainTestSplit } from "@tensorkit/data";
import { tensor } from "@tensorkit/tensor";
import type { Prepared, PrepareOptions } from "./data.js";
import { CliError } from "./errors.js";

/** Words kept in the vocabulary (with padding and `[UNK]`). */
const MAX_TOKENS = 10000;
/** Sequences are cut to the 95th percentile of the training texts' lengths, within these bounds. */
const MIN_LENGTH = 8;
const MAX_LENGTH = 100;

/** The text column's cells as strings: a missing cell is an empty text. */
export function textColumn(table: Table, column: string): string[] {
  return table.column(column).map((v) => (isMissing(v) ? "" : String(v)));
}

/** A sequence length that covers most training texts without padding every batch to the longest. */
function sequenceLength(vectorizer: TextVectorizer, texts: readonly string[]): number {
  const lengths = texts.map((t) => vectorizer.tokenize(t).length).sort((a, b) => a - b);
  const p95 = lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.95))] ?? MIN_LENGTH;
  return Math.max(MIN_LENGTH, Math.min(MAX_LENGTH, p95));
}

/**
 * A CSV with a text column for `--model lstm --text <column>`: each text becomes word indices
 * by a {@link TextVectorizer} fitted on the training rows (saved in the model file as the
 * `text` preprocessing), the target's labels become class indices. Classification only.
 */
export function prepareTextTable(
  path: string,
  source: Table,
  text: string,
  options: PrepareOptions,
): Omit<Prepared, "dispose"> {
  const notes: string[] = [];
  if (!source.has(text))
    throw new CliError(
      `${path}: no text column "${text}" (the columns are ${source.columns.map((c) => `"${c}"`).join(", ")})`,
    );
  const target = options.target ?? source.columns.filter((c) => c !== text).at(-1);
  if (target === undefined || target === text)
    throw new CliError(`${path}: needs a target column besides the text column "${text}"`);
  if (!source.has(target))
    throw new CliError(
      `${path}: no column "${target}" (the columns are ${source.columns.map((c) => `"${c}"`).join(", ")})`,
    );
  if (options.target === undefined)
    notes.push(`no --target given: predicting the last other column, "${target}"`);
  if (options.task === "regression")
    throw new CliError("--model lstm with --text classifies texts; --task regression is not supported");
  let table = source.filterRows((r) => !isMissing(r[target]));
  if (table.numRows < source.numRows)
    notes.push(`dropped ${source.numRows - table.numRows} rows without a value of "${target}"`);
  if (options.limit !== undefined && options.limit < table.numRows) table = table.head(options.limit);
  const labels = table.column(target) as (string | number)[];
  const encoder = new LabelEncoder().fit(labels);
  const classNames = encoder.classes!.map(String);
  if (classNames.length < 2)
    throw new CliError(
      `${path}: the target "${target}" has only one value (${classNames[0]}); nothing to classify`,
    );
  let train = table;
  let test = table;
  if (options.testSplit > 0)
    [train, test] = trainTestSplit([table], {
      testSize: options.testSplit,
      seed: options.seed,
      stratify: labels,
    }) as [Table, Table];
  const trainTexts = textColumn(train, text);
  const probe = new TextVectorizer();
  const length = sequenceLength(probe, trainTexts);
  const vectorizer = new TextVectorizer({ maxTokens: MAX_TOKENS, outputSequenceLength: length }).fit(
    trainTexts,
  );
  const encode = (t: Table) =>
    tensor(Int32Array.from(encoder.transform(t.column(target) as (string | number)[]) as number[]));
  return {
    xTrain: vectorizer.transform(trainTexts),
    yTrain: encode(train),
    xTest: vectorizer.transform(textColumn(test, text)),
    yTest: encode(test),
    task: "classification",
    classNames,
    nOutputs: classNames.length,
    testDescription:
      options.testSplit > 0
        ? `${test.numRows} texts (${Math.round(options.testSplit * 100)} %, stratified)`
        : `all ${table.numRows} texts (the training data: --test-split 0)`,
    notes: [
      ...notes,
      `text column "${text}": ${vectorizer.vocabularySize} words in the vocabulary, ${length} tokens per text`,
    ],
    preprocessors: { text: vectorizer, targetEncoder: encoder },
    info: {
      format: "tensorkit-cli/1",
      source: { kind: "csv", file: basename(path) },
      task: "classification",
      featureColumns: [text],
      target,
      inputShape: [length],
      text: { column: text, vocabularySize: vectorizer.vocabularySize },
    },
  };
}
