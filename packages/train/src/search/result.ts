import type { Logs } from "../callback.js";
import type { Trainer } from "../trainer.js";
import type { SearchMetric } from "./job.js";
import { type CandidateParams, formatParam, PARAM_KEYS } from "./space.js";

/** One candidate's line of the results table. */
export interface SearchRow {
  /** 1 for the best candidate. */
  readonly rank: number;
  /** The candidate's index in the search (its position in the grid, or its draw). */
  readonly candidate: number;
  readonly params: CandidateParams;
  /** Mean of {@link foldScores}. */
  readonly meanScore: number;
  /** Population standard deviation of {@link foldScores} (ddof 0, as scikit-learn's `std_test_score`). */
  readonly stdScore: number;
  /** The metric on each cross-validation fold's held-out rows, fold 0 first. */
  readonly foldScores: readonly number[];
  /** Seconds spent fitting this candidate, all folds together (of its last rung, with halving). */
  readonly fitSeconds: number;
  /** The epoch budget the scores were measured at (less than `params.epochs` for a candidate halving dropped early). */
  readonly epochBudget: number;
  /** The halving round the candidate reached (0 without halving). */
  readonly rung: number;
}

/** The plain-JSON form of a {@link SearchResult} (no model). */
export interface SearchResultJSON {
  readonly metric: SearchMetric;
  readonly greaterIsBetter: boolean;
  readonly folds: number;
  readonly seed: number;
  readonly rungs: number;
  readonly best: SearchRow;
  readonly table: readonly SearchRow[];
  readonly testScore: number | null;
  readonly testLogs: Logs | null;
}

/**
 * What a search found: the results table sorted best first, the best candidate, its model
 * refitted on the whole training part, and that model's score on the test part (measured once,
 * after the search; the search itself never sees the test part).
 *
 * @example
 * ```ts
 * const result = await gridSearch(space, { x, y, testData: [xTest, yTest] });
 * const { params, meanScore, stdScore, foldScores } = result.best;
 * result.trainer?.predict(xNew); // the refitted best model
 * result.dispose();
 * ```
 */
export class SearchResult {
  readonly metric: SearchMetric;
  readonly greaterIsBetter: boolean;
  readonly folds: number;
  readonly seed: number;
  /** Halving rounds (1 without halving). */
  readonly rungs: number;
  /** Every candidate, best first. */
  readonly table: readonly SearchRow[];
  /** The training-part row indices of each fold: `[fitRows, scoreRows]`. */
  readonly foldIndices: readonly (readonly [readonly number[], readonly number[]])[];
  /** The best candidate refitted on the whole training part (undefined with `refit: false`). */
  readonly trainer: Trainer | undefined;
  /** The metric of the refitted best model on the test part (null without test data). */
  readonly testScore: number | null;
  /** The refitted model's loss and metric on the test part. */
  readonly testLogs: Logs | null;

  constructor(fields: {
    metric: SearchMetric;
    greaterIsBetter: boolean;
    folds: number;
    seed: number;
    rungs: number;
    table: SearchRow[];
    foldIndices: (readonly [number[], number[]])[];
    trainer: Trainer | undefined;
    testScore: number | null;
    testLogs: Logs | null;
  }) {
    this.metric = fields.metric;
    this.greaterIsBetter = fields.greaterIsBetter;
    this.folds = fields.folds;
    this.seed = fields.seed;
    this.rungs = fields.rungs;
    this.table = fields.table;
    this.foldIndices = fields.foldIndices;
    this.trainer = fields.trainer;
    this.testScore = fields.testScore;
    this.testLogs = fields.testLogs;
  }

  /** The best row of the table. */
  get best(): SearchRow {
    return this.table[0]!;
  }

  /** The best candidate's parameters. */
  get bestParams(): CandidateParams {
    return this.best.params;
  }

  /** The best cross-validation score (the mean of the best row's fold scores). */
  get bestScore(): number {
    return this.best.meanScore;
  }

  /**
   * The table as CSV: rank, candidate, one column per parameter, mean, std, one column per
   * fold, fit seconds, epochs, rung.
   *
   * @example
   * ```ts
   * await writeFile("search.csv", result.toCSV());
   * ```
   */
  toCSV(): string {
    const folds = Array.from({ length: this.folds }, (_, f) => `fold${f}`);
    const header = [
      "rank",
      "candidate",
      ...PARAM_KEYS,
      `mean_${this.metric}`,
      `std_${this.metric}`,
      ...folds,
      "fit_seconds",
      "epoch_budget",
      "rung",
    ];
    const lines = this.table.map((r) =>
      [
        r.rank,
        r.candidate,
        ...PARAM_KEYS.map((k) => csvCell(formatParam(k, r.params[k]))),
        r.meanScore,
        r.stdScore,
        ...r.foldScores,
        r.fitSeconds.toFixed(3),
        r.epochBudget,
        r.rung,
      ].join(","),
    );
    return `${[header.join(","), ...lines].join("\n")}\n`;
  }

  /** The results as plain JSON (without the model). */
  toJSON(): SearchResultJSON {
    return {
      metric: this.metric,
      greaterIsBetter: this.greaterIsBetter,
      folds: this.folds,
      seed: this.seed,
      rungs: this.rungs,
      best: this.best,
      table: this.table,
      testScore: this.testScore,
      testLogs: this.testLogs,
    };
  }

  /** Frees the refitted model and its optimiser. */
  dispose(): void {
    this.trainer?.optimizer.dispose();
    this.trainer?.model.dispose();
  }
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Mean and population standard deviation; NaN when any score is NaN (a diverged fold). */
export function meanStd(scores: readonly number[]): { mean: number; std: number } {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const variance = scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length;
  return { mean, std: Math.sqrt(variance) };
}
