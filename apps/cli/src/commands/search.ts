import { readFileSync, writeFileSync } from "node:fs";
import {
  type CandidateParams,
  formatParam,
  gridSearch,
  PARAM_KEYS,
  type ParamKey,
  randomSearch,
  type SearchExecutor,
  type SearchMetric,
  type SearchOptions,
  type SearchProgress,
  type SearchResult,
  type SearchSpace,
  SearchSpaceError,
  validateSearchSpace,
} from "@tensorkit/train";
import { workerExecutor } from "@tensorkit/train/node";
import { type BackendName, useBackend } from "../backend.js";
import { prepare, type Task } from "../data.js";
import { CliError } from "../errors.js";
import { renderMetrics } from "../evaluation.js";
import type { Io } from "../io.js";
import { saveCliModel } from "../model-file.js";
import { buildModel, type ModelKind } from "../models.js";
import { textTable } from "../table.js";
import { testMetrics } from "../test-metrics.js";

export interface SearchCommandOptions {
  target?: string;
  task?: Task;
  space: string;
  model: ModelKind;
  folds: number;
  metric?: SearchMetric;
  trials?: number;
  halving: boolean;
  workers: number;
  seed: number;
  testSplit: number;
  limit?: number;
  out?: string;
  csv?: string;
  backend: string;
  json: boolean;
  quiet: boolean;
}

/** Where a worker thread finds each built-in backend (resolved from the CLI, so from its dist or its source). */
const WORKER_BACKENDS: Record<BackendName, { module: string; factory: string }> = {
  cpu: { module: "@tensorkit/backend-cpu", factory: "createCpuBackend" },
  wasm: { module: "@tensorkit/backend-wasm", factory: "createWasmBackend" },
};

/** `tensorkit search`: cross-validated grid (or, with --trials, random) search over a space.json. */
export async function search(data: string, o: SearchCommandOptions, io: Io): Promise<void> {
  await useBackend(o.backend);
  const space = readSpace(o.space);
  // Before loading any data: a typo in the space should not wait for MNIST to load.
  try {
    validateSearchSpace(space, o.trials === undefined ? "grid" : "random");
  } catch (e) {
    if (e instanceof SearchSpaceError)
      throw new CliError(
        `${o.space}: ${e.message}${o.trials === undefined && e.message.includes("distribution") ? " (--trials N)" : ""}`,
      );
    throw e;
  }
  const started = performance.now();
  const prepared = await prepare(data, {
    ...(o.target === undefined ? {} : { target: o.target }),
    ...(o.task === undefined ? {} : { task: o.task }),
    testSplit: o.testSplit,
    seed: o.seed,
    ...(o.limit === undefined ? {} : { limit: o.limit }),
    sequence: o.model === "lstm",
  });
  const note = (line: string) => {
    if (!o.quiet) io.err(`${line}\n`);
  };
  const executor = o.workers > 1 ? makeWorkers(o) : undefined;
  let result: SearchResult | undefined;
  const owned: { dispose(): void }[] = [prepared];
  try {
    for (const n of prepared.notes) note(`note: ${n}`);
    const { xTrain, yTrain, xTest, yTest, task } = prepared;
    const options: SearchOptions = {
      x: xTrain,
      y: yTrain,
      testData: [xTest, yTest],
      task,
      folds: o.folds,
      seed: o.seed,
      halving: o.halving,
      ...(o.metric === undefined ? {} : { metric: o.metric }),
      ...(executor ? { executor } : {}),
      build: (p, c) =>
        buildModel(
          { kind: o.model, hidden: p.hidden, activation: p.activation, dropout: p.dropout, l2: p.l2 },
          c.inputShape,
          c.nOutputs,
        ),
      ...(o.quiet ? {} : { onProgress: progressDisplay(io) }),
    };
    note(
      `searching on ${data}: ${xTrain.shape[0]} training samples in ${o.folds} ${task === "classification" ? "stratified " : ""}folds` +
        `${o.trials === undefined ? " (grid)" : `, ${o.trials} random trials`}${o.halving ? ", successive halving" : ""}` +
        `${executor ? `, ${o.workers} worker threads` : ""}; the ${prepared.testDescription} test part is kept for the end`,
    );
    result =
      o.trials === undefined
        ? await gridSearch(space, options)
        : await randomSearch(space, { ...options, trials: o.trials });
    owned.push(result);
    // The refitted best model on the test part, with the same metrics `tensorkit train` reports.
    const test = testMetrics(result.trainer!.model, prepared);
    owned.push(test);
    if (o.out)
      await saveCliModel(o.out, result.trainer!, prepared, {
        trainedOn: data,
        seed: o.seed,
        search: {
          space: o.space,
          metric: result.metric,
          folds: result.folds,
          cvMean: result.best.meanScore,
          cvStd: result.best.stdScore,
        },
        test: JSON.parse(JSON.stringify(test.test)),
      });
    if (o.csv) writeFileSync(o.csv, result.toCSV());
    const seconds = (performance.now() - started) / 1000;
    if (o.json) {
      io.out(
        `${JSON.stringify({
          command: "search",
          data,
          task,
          ...result.toJSON(),
          test: test.test,
          model: o.out ?? null,
          csv: o.csv ?? null,
          timing: { totalSeconds: seconds },
        })}\n`,
      );
      return;
    }
    io.out(`\n${renderSearch(result, o)}\n`);
    io.out(
      `\nThe best candidate, refitted on all ${xTrain.shape[0]} training samples, on the ${prepared.testDescription} test part:\n\n` +
        `${renderMetrics(test.test, test.labels?.yTrue, test.labels?.yPred)}\n`,
    );
    io.out(`\nsearch took ${seconds.toFixed(1)} s\n`);
    if (o.out) io.out(`best model saved to ${o.out}\n`);
    if (o.csv) io.out(`table written to ${o.csv}\n`);
  } finally {
    await executor?.close();
    for (const d of owned.reverse()) d.dispose();
  }
}

function readSpace(path: string): SearchSpace {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliError(
      `${path}: cannot read the search space: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as SearchSpace;
  } catch (e) {
    throw new CliError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
}

function makeWorkers(o: SearchCommandOptions): SearchExecutor {
  const spec = WORKER_BACKENDS[o.backend as BackendName];
  return workerExecutor({
    workers: o.workers,
    // An absolute URL: the worker thread resolves it without depending on where it runs from.
    backend: { name: o.backend, module: import.meta.resolve(spec.module), factory: spec.factory },
  });
}

/**
 * The results table: the parameters that vary between candidates as columns (the others in a
 * line above), the mean ± std of the metric, the fold scores and the fit time.
 */
export function renderSearch(result: SearchResult, o: { folds: number; halving: boolean }): string {
  const rows = result.table;
  const varying = PARAM_KEYS.filter((k) => new Set(rows.map((r) => formatParam(k, r.params[k]))).size > 1);
  const fixed = PARAM_KEYS.filter((k) => !varying.includes(k)).map(
    (k) => `${k}=${formatParam(k, rows[0]!.params[k])}`,
  );
  const header = [
    "rank",
    "#",
    ...varying,
    `${result.metric} (mean ± std)`,
    "folds",
    ...(o.halving ? ["epochs"] : []),
    "fit s",
  ];
  const body = rows.map((r) => [
    r.rank,
    r.candidate,
    ...varying.map((k) => shortParam(k, r.params[k])),
    `${r.meanScore.toFixed(4)} ± ${r.stdScore.toFixed(4)}`,
    r.foldScores.map((s) => s.toFixed(3)).join(" "),
    ...(o.halving ? [r.epochBudget] : []),
    r.fitSeconds.toFixed(1),
  ]);
  const best = result.best;
  return [
    `Cross-validated ${result.metric} of ${rows.length} candidates (${o.folds} folds, ${result.greaterIsBetter ? "higher" : "lower"} is better${o.halving ? `, ${result.rungs} halving rounds` : ""})`,
    fixed.length > 0 ? `  same for all: ${fixed.join(" ")}` : "",
    "",
    textTable([header, ...body]),
    "",
    `best: #${best.candidate} with ${result.metric} ${best.meanScore.toFixed(4)} ± ${best.stdScore.toFixed(4)} in cross-validation` +
      (result.testScore === null ? "" : `, ${result.testScore.toFixed(4)} on the test part`),
  ]
    .filter((line, i) => i !== 1 || line !== "")
    .join("\n");
}

/** A parameter for the table: drawn learning rates and rates shortened to 4 significant digits. */
function shortParam(key: ParamKey, v: CandidateParams[ParamKey]): string {
  return typeof v === "number" && !Number.isInteger(v)
    ? String(Number(v.toPrecision(4)))
    : formatParam(key, v);
}

/**
 * Progress across candidates and folds on stderr: one line redrawn on a terminal, else a line
 * per finished candidate.
 */
function progressDisplay(io: Io): (e: SearchProgress) => void {
  const tty = io.progress.isTTY === true;
  const foldsDone = new Map<string, number[]>();
  return (e) => {
    if (e.phase === "refit") {
      if (tty) io.progress.write("\r\x1b[K");
      io.err(`refitted the best candidate (#${e.candidate}) on the whole training part\n`);
      return;
    }
    const key = `${e.rung}/${e.candidate}`;
    const scores = [...(foldsDone.get(key) ?? []), e.score];
    foldsDone.set(key, scores);
    const round = e.rungs > 1 ? ` round ${e.rung + 1}/${e.rungs}` : "";
    if (tty) {
      const width = 24;
      const filled = Math.round((e.done / e.total) * width);
      io.progress.write(
        `\r\x1b[Ksearch [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${e.done}/${e.total} fits${round} · candidate #${e.candidate} fold ${e.fold + 1} → ${e.score.toFixed(4)}`,
      );
      return;
    }
    // Folds may finish out of order with workers: report a candidate once all of them are in.
    if (scores.length !== e.folds) return;
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    io.err(
      `[${e.done}/${e.total}]${round} candidate #${e.candidate}: mean ${mean.toFixed(4)} over ${scores.length} folds\n`,
    );
  };
}
