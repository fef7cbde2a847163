import type { MachineInfo } from "./machine.js";
import { type Row, summarize, type WorkloadResult } from "./runner.js";

/** One line of the JSON output's `results`. */
export interface JsonResult {
  readonly workload: string;
  readonly library: "tensorkit" | "tfjs";
  readonly backend: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly unit: string;
  /** Throughput at the median: `work / (medianMs / 1000)` in `unit`. */
  readonly value: number;
  /** Timed runs behind the median. */
  readonly iterations: number;
  /** max |output − reference| / max |reference| against tfjs-cpu; null when not compared. */
  readonly relError: number | null;
}

export interface JsonReport {
  readonly machine: MachineInfo;
  readonly results: JsonResult[];
}

export function toJson(machine: MachineInfo, results: readonly WorkloadResult[]): JsonReport {
  const out: JsonResult[] = [];
  for (const { workload, rows } of results) {
    for (const row of rows) {
      if (row.samples.length === 0 || row.error !== undefined) continue;
      const { median, min, max } = summarize(row.samples);
      out.push({
        workload: workload.name,
        library: row.target.library,
        backend: row.target.backend,
        medianMs: round(median),
        minMs: round(min),
        maxMs: round(max),
        unit: workload.unit,
        value: round(workload.work / (median / 1000)),
        iterations: row.samples.length,
        relError: row.relError === null ? null : round(row.relError),
      });
    }
  }
  return { machine, results: out };
}

/** The aligned table of one workload, with the speed-up of each tensorkit backend over each tfjs one. */
export function formatWorkload(result: WorkloadResult): string {
  const { workload, rows, reference, rounds, warmupRounds } = result;
  const measured = (row: Row) => row.samples.length > 0 && row.error === undefined;
  const medians = new Map(rows.filter(measured).map((row) => [row, summarize(row.samples).median]));
  const baselines = rows.filter((row) => row.target.library === "tfjs" && medians.has(row));

  const header = [
    "target",
    "median",
    "min – max",
    workload.unit,
    ...baselines.map((b) => `x vs ${b.target.id}`),
    "check",
  ];
  const table: string[][] = [header];
  for (const row of rows) {
    const check = checkText(row, reference);
    if (!medians.has(row)) {
      table.push([row.target.id, "", "", "", ...baselines.map(() => ""), check]);
      continue;
    }
    const { median, min, max } = summarize(row.samples);
    const ratios = baselines.map((b) =>
      row.target.library === "tensorkit" ? `${fixed(medians.get(b)! / median)}x` : "–",
    );
    const value = formatNumber(workload.work / (median / 1000));
    table.push([row.target.id, `${ms(median)} ms`, `${ms(min)} – ${ms(max)} ms`, value, ...ratios, check]);
  }

  const title = `${workload.name}  ·  ${workload.description}  ·  ${rounds} timed round${rounds === 1 ? "" : "s"} after ${warmupRounds} warm-up`;
  return `${title}\n${align(table, [false, true, true, true, ...baselines.map(() => true), false])}`;
}

/** Geometric-mean speed-up of each tensorkit target over each tfjs target, across workloads. */
export function formatSummary(results: readonly WorkloadResult[]): string {
  const ratios = new Map<string, number[]>();
  for (const { rows } of results) {
    const ok = rows.filter((row) => row.samples.length > 0 && row.error === undefined);
    for (const tk of ok.filter((row) => row.target.library === "tensorkit")) {
      for (const tf of ok.filter((row) => row.target.library === "tfjs")) {
        const key = `${tk.target.id} vs ${tf.target.id}`;
        const list = ratios.get(key) ?? [];
        list.push(summarize(tf.samples).median / summarize(tk.samples).median);
        ratios.set(key, list);
      }
    }
  }
  if (ratios.size === 0) return "";
  const lines = [...ratios].map(([key, list]) => {
    const geomean = Math.exp(list.reduce((s, r) => s + Math.log(r), 0) / list.length);
    return `  ${key}: ${fixed(geomean)}x (geometric mean over ${list.length} workload${list.length === 1 ? "" : "s"})`;
  });
  return `speed-up of tensorkit (>1 is faster)\n${lines.join("\n")}`;
}

function checkText(row: Row, reference: string | null): string {
  const notes: string[] = [];
  if (row.error !== undefined) notes.push(`ERROR: ${row.error.split("\n")[0]}`);
  if (row.target.id === reference) notes.push("reference");
  else if (row.relError !== null)
    notes.push(
      `${row.mismatch ? "MISMATCH" : "ok"} ${row.relError === 0 ? "0" : row.relError.toExponential(0)}`,
    );
  if (row.leaked !== 0) notes.push(`LEAK ${row.leaked} tensor${Math.abs(row.leaked) === 1 ? "" : "s"}`);
  return notes.join(", ");
}

function align(table: string[][], right: boolean[]): string {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length)));
  return table
    .map((r) =>
      r
        .map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join("   ")
        .trimEnd(),
    )
    .map((line) => `  ${line}`)
    .join("\n");
}

function ms(x: number): string {
  return x >= 100 ? x.toFixed(1) : x >= 10 ? x.toFixed(2) : x.toFixed(3);
}

function fixed(x: number): string {
  return x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function formatNumber(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** Six significant digits: enough for timings, without float noise in the JSON. */
function round(x: number): number {
  return Number(x.toPrecision(6));
}
